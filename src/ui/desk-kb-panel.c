/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-kb-panel"

#include "config.h"

#include "desk-kb-panel.h"

#include <adwaita.h>

#include "desk-i18n.h"
#include "desk-ui.h"

struct _DeskKbPanel
{
  GtkWidget parent_instance;

  DeskKbSearch *search;

  GtkStack *stack;
  GtkSearchEntry *search_entry;
  GtkStack *results_stack;
  AdwStatusPage *hint_page;
  GtkListBox *results_list;
  GtkLabel *article_title;
  GtkLabel *internal_label;
  GtkLabel *article_body;
};

enum {
  SIGNAL_INSERT_TEXT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DeskKbPanel, desk_kb_panel, GTK_TYPE_WIDGET)

static GtkWidget *
create_result_row (gpointer item,
                   gpointer data)
{
  DeskKbArticle *article = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *snippet = desk_kb_article_dup_snippet_markup (article);
  g_autofree char *title = g_markup_escape_text (desk_kb_article_get_title (article), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), snippet);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "article-id",
                     GSIZE_TO_POINTER ((gsize) desk_kb_article_get_id (article)));
  return row;
}

/* Which page and words the panel shows follow from the model alone. */
static void
update (DeskKbPanel *self)
{
  DeskKbArticle *article = desk_kb_search_get_article (self->search);
  const char *query = desk_kb_search_get_query (self->search);
  const char *error = desk_kb_search_get_error (self->search);
  guint found = g_list_model_get_n_items (desk_kb_search_get_results (self->search));
  gboolean short_query = query == NULL ||
                         g_utf8_strlen (query, -1) < DESK_KB_SEARCH_MIN_CHARS;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kb.back", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kb.copy", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kb.insert", article != NULL);
  if (article)
    {
      gtk_label_set_text (self->article_title, desk_kb_article_get_title (article));
      gtk_label_set_text (self->article_body, desk_kb_article_get_body (article));
      gtk_widget_set_visible (GTK_WIDGET (self->internal_label),
                              desk_kb_article_get_internal (article));
      gtk_stack_set_visible_child_name (self->stack, "article");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "results");
  if (found > 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "list");
      return;
    }
  if (error)
    {
      adw_status_page_set_title (self->hint_page, _("The Search Failed"));
      adw_status_page_set_description (self->hint_page, error);
    }
  else if (short_query)
    {
      adw_status_page_set_title (self->hint_page, _("Knowledge Base"));
      adw_status_page_set_description (self->hint_page,
                                       _("Type at least three letters to find articles."));
    }
  else if (desk_kb_search_get_searching (self->search))
    {
      adw_status_page_set_title (self->hint_page, _("Searching…"));
      adw_status_page_set_description (self->hint_page, NULL);
    }
  else
    {
      adw_status_page_set_title (self->hint_page, _("No Articles Found"));
      adw_status_page_set_description (self->hint_page, _("Try other words."));
    }
  gtk_stack_set_visible_child_name (self->results_stack, "hint");
}

static void
on_search_changed (DeskKbPanel *self)
{
  desk_kb_search_set_query (self->search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_result_activated (DeskKbPanel   *self,
                     GtkListBoxRow *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "article-id"));

  desk_kb_search_open (self->search, id);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskKbPanel *self = DESK_KB_PANEL (widget);

  desk_kb_search_close (self->search);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskKbPanel *self = DESK_KB_PANEL (widget);
  DeskKbArticle *article = desk_kb_search_get_article (self->search);

  if (article)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), desk_kb_article_get_body (article));
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskKbPanel *self = DESK_KB_PANEL (widget);
  DeskKbArticle *article = desk_kb_search_get_article (self->search);

  if (article)
    g_signal_emit (self, signals[SIGNAL_INSERT_TEXT], 0, desk_kb_article_get_body (article));
}

static void
desk_kb_panel_dispose (GObject *object)
{
  DeskKbPanel *self = DESK_KB_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_KB_PANEL);
  /* The template's unnamed children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  if (self->search)
    {
      g_signal_handlers_disconnect_by_data (self->search, self);
      g_signal_handlers_disconnect_by_data (desk_kb_search_get_results (self->search), self);
    }
  g_clear_object (&self->search);
  G_OBJECT_CLASS (desk_kb_panel_parent_class)->dispose (object);
}

static void
desk_kb_panel_class_init (DeskKbPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_kb_panel_dispose;

  /**
   * DeskKbPanel::insert-text:
   * @self: the panel
   * @text: the article's text
   *
   * The operator wants the article in the current chat's reply.
   */
  signals[SIGNAL_INSERT_TEXT] = g_signal_new ("insert-text", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_STRING);

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-kb-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, hint_page);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, results_list);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, article_title);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, internal_label);
  gtk_widget_class_bind_template_child (widget_class, DeskKbPanel, article_body);

  gtk_widget_class_install_action (widget_class, "kb.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kb.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "kb.insert", NULL, insert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "kb.back", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
desk_kb_panel_init (DeskKbPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                            self);
  g_signal_connect_swapped (self->results_list, "row-activated", G_CALLBACK (on_result_activated),
                            self);
}

/**
 * desk_kb_panel_new:
 * @client: a logged-in API client
 *
 * Returns: (transfer floating): the panel
 */
GtkWidget *
desk_kb_panel_new (DeskApiClient *client)
{
  DeskKbPanel *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_KB_PANEL, NULL);
  self->search = desk_kb_search_new (client);
  gtk_list_box_bind_model (self->results_list, desk_kb_search_get_results (self->search),
                           create_result_row, NULL, NULL);
  g_signal_connect_swapped (self->search, "notify", G_CALLBACK (update), self);
  g_signal_connect_swapped (desk_kb_search_get_results (self->search), "items-changed",
                            G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

DeskKbSearch *
desk_kb_panel_get_search (DeskKbPanel *self)
{
  g_return_val_if_fail (DESK_IS_KB_PANEL (self), NULL);
  return self->search;
}

void
desk_kb_panel_search (DeskKbPanel *self,
                      const char  *text)
{
  g_return_if_fail (DESK_IS_KB_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* The entry's own signal waits for a pause; the model has its own. */
  on_search_changed (self);
}
