/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-records.h"

static void
client_phone_free (gpointer data)
{
  DeskClientPhone *phone = data;

  g_free (phone->e164);
  g_free (phone->label);
  g_free (phone);
}

static void
client_asset_free (gpointer data)
{
  DeskClientAsset *asset = data;

  g_free (asset->identifier);
  g_free (asset->note);
  g_free (asset);
}

DeskClient *
desk_client_new (DeskClientKind  kind,
                 const char     *name)
{
  DeskClient *client = g_new0 (DeskClient, 1);

  client->kind = kind;
  client->name = g_strdup (name);
  client->phones = g_ptr_array_new_with_free_func (client_phone_free);
  client->emails = g_ptr_array_new_with_free_func (g_free);
  client->assets = g_ptr_array_new_with_free_func (client_asset_free);
  return client;
}

void
desk_client_add_phone (DeskClient *client,
                       const char *e164,
                       const char *label)
{
  DeskClientPhone *phone = g_new0 (DeskClientPhone, 1);

  phone->e164 = g_strdup (e164);
  phone->label = g_strdup (label);
  g_ptr_array_add (client->phones, phone);
}

void
desk_client_add_email (DeskClient *client,
                       const char *email)
{
  g_ptr_array_add (client->emails, g_strdup (email));
}

void
desk_client_add_asset (DeskClient    *client,
                       DeskAssetKind  kind,
                       const char    *identifier,
                       const char    *note)
{
  DeskClientAsset *asset = g_new0 (DeskClientAsset, 1);

  asset->kind = kind;
  asset->identifier = g_strdup (identifier);
  asset->note = g_strdup (note);
  g_ptr_array_add (client->assets, asset);
}

void
desk_client_free (DeskClient *client)
{
  if (client == NULL)
    return;
  g_free (client->name);
  g_free (client->note);
  g_ptr_array_unref (client->phones);
  g_ptr_array_unref (client->emails);
  g_ptr_array_unref (client->assets);
  g_free (client);
}

void
desk_user_free (DeskUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->display_name);
  g_free (user->sip_user);
  g_free (user->sip_password);
  g_free (user);
}

void
desk_case_free (DeskCase *kase)
{
  if (kase == NULL)
    return;
  g_free (kase->subject);
  g_free (kase->description);
  g_free (kase->resolution_note);
  g_free (kase->portal_token);
  g_free (kase);
}

void
desk_case_event_free (DeskCaseEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->old_value);
  g_free (event->new_value);
  g_free (event->body);
  g_free (event);
}

DeskCall *
desk_call_new (void)
{
  return g_new0 (DeskCall, 1);
}

void
desk_call_free (DeskCall *call)
{
  if (call == NULL)
    return;
  g_free (call->caller);
  g_free (call->caller_e164);
  g_free (call->callee);
  g_free (call->dialled);
  g_free (call->ivr_path);
  g_free (call->disposition);
  g_free (call->recording_path);
  g_free (call->hangup_cause);
  g_free (call);
}

DeskChat *
desk_chat_new (void)
{
  return g_new0 (DeskChat, 1);
}

void
desk_chat_free (DeskChat *chat)
{
  if (chat == NULL)
    return;
  g_free (chat->visitor_name);
  g_free (chat->visitor_contact);
  g_free (chat);
}

void
desk_chat_message_free (DeskChatMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->body);
  g_free (message);
}

DeskArticle *
desk_article_new (const char     *title,
                  const char     *body,
                  DeskVisibility  visibility)
{
  DeskArticle *article = g_new0 (DeskArticle, 1);

  article->title = g_strdup (title);
  article->body = g_strdup (body);
  article->visibility = visibility;
  return article;
}

void
desk_article_free (DeskArticle *article)
{
  if (article == NULL)
    return;
  g_free (article->title);
  g_free (article->body);
  g_free (article->category);
  g_free (article->snippet);
  g_free (article);
}

void
desk_audit_entry_free (DeskAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->action);
  g_free (entry->object_type);
  g_free (entry->detail);
  g_free (entry);
}

void
desk_queue_info_free (DeskQueueInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->callback_digit);
  g_clear_pointer (&info->members, g_array_unref);
  g_free (info);
}

void
desk_ivr_choice_free (DeskIvrChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->label);
  g_free (choice->prompt);
  g_free (choice);
}

void
desk_ivr_menu_info_free (DeskIvrMenuInfo *menu)
{
  if (menu == NULL)
    return;
  g_free (menu->name);
  g_free (menu->greeting);
  g_clear_pointer (&menu->choices, g_ptr_array_unref);
  g_free (menu);
}

void
desk_callback_info_free (DeskCallbackInfo *callback)
{
  if (callback == NULL)
    return;
  g_free (callback->e164);
  g_free (callback->note);
  g_free (callback);
}

void
desk_bot_rule_info_free (DeskBotRuleInfo *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->phrases);
  g_free (rule->answer);
  g_free (rule);
}

void
desk_scenario_free (DeskScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->label);
  g_free (scenario->subject);
  g_free (scenario);
}
