/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the GTK tests share (under Xvfb, see TESTING.md). */

/* Saves what @widget's window shows as a PNG named @name in the build
 * folder (G_TEST_BUILDDIR), after two frames were drawn, for people to
 * look at; checks it is not empty. */
void       ui_test_screenshot        (GtkWidget  *window,
                                      const char *name);
/* The first widget of @type in @root's tree (depth first), or NULL. */
GtkWidget *ui_test_find_by_type      (GtkWidget  *root,
                                      GType       type);
/* The first GtkLabel under @root showing exactly @text, or NULL. */
GtkWidget *ui_test_find_label        (GtkWidget  *root,
                                      const char *text);
/* Waits (10 s at most, else fails) until a label showing @text is
 * mapped under @root. */
void       ui_test_wait_label        (GtkWidget  *root,
                                      const char *text);
/* Fails the test for a control under @root that a screen reader could
 * not name: a button, entry, list or text view with no label, tooltip
 * or accessible label. */
void       ui_test_assert_all_named  (GtkWidget  *root);

G_END_DECLS
