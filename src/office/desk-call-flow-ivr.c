/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-ivr"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-error.h"

#include <glib/gstdio.h>

#include <string.h>

/*
 * The IVR, run from the store's menus. A menu says its greeting (the text
 * the owner wrote, spoken) while one key is awaited; the key picks one of at
 * most five choices. No key in time, or a key no choice has, repeats the
 * menu max_retries times; after that the caller goes to an operator, since
 * a caller who cannot use the menu still has a question.
 *
 * The path through the menus is kept on the call ("Main menu > 2 Case
 * status") so that reports can tell calls settled here from those that asked
 * for an operator. A call is settled in the IVR when the caller heard what
 * they came for (information, a case status, a new case's number, a
 * callback promise) and hung up without asking for anyone.
 *
 * A case's status is read out only to a caller whose number belongs to the
 * case's client: a case number is no secret, its state may be.
 */

/* What the office says besides the owner's own texts, per language. */
static const struct {
  const char *key;
  const char *uk;
  const char *ru;
  const char *en;
} texts[] = {
  { "invalid", "Такого пункту немає.", "Такого пункта нет.", "There is no such option." },
  { "case-number", "Введіть номер звернення і натисніть решітку.",
    "Введите номер обращения и нажмите решётку.",
    "Enter the case number, then press the hash key." },
  { "case-unknown", "Звернення з таким номером не знайдено.",
    "Обращение с таким номером не найдено.", "No case with that number was found." },
  { "case-created", "Ваше звернення зареєстровано під номером %s.",
    "Ваше обращение зарегистрировано под номером %s.", "Your case is registered as number %s." },
  { "asset", "Введіть номер договору і натисніть решітку.",
    "Введите номер договора и нажмите решётку.",
    "Enter your contract number, then press the hash key." },
  { "not-identified", "Не вдалося вас ідентифікувати. З'єдную з оператором.",
    "Не удалось вас идентифицировать. Соединяю с оператором.",
    "We could not identify you. Connecting you to an operator." },
  { "callback-taken", "Дякуємо. Ми вам передзвонимо, щойно звільниться оператор.",
    "Спасибо. Мы вам перезвоним, как только освободится оператор.",
    "Thank you. We will call you back as soon as an operator is free." },
  { "callback-impossible", "На жаль, ми не бачимо вашого номера і не можемо передзвонити.",
    "К сожалению, мы не видим вашего номера и не можем перезвонить.",
    "Sorry, we cannot see your number and cannot call you back." },
  { "failed", "Вибачте, сталася помилка.", "Извините, произошла ошибка.",
    "Sorry, something went wrong." },
  { "position", "Ваш номер у черзі: %d.", "Ваш номер в очереди: %d.",
    "You are number %d in the queue." },
  { "wait-minutes", "Орієнтовний час очікування: %d хв.", "Примерное время ожидания: %d мин.",
    "The expected wait is about %d minutes." },
  { "press-callback", "Щоб ми вам передзвонили, натисніть %s.",
    "Чтобы мы вам перезвонили, нажмите %s.", "To be called back, press %s." },
  { "chat-connecting", "З'єдную з оператором. Зачекайте, будь ласка.",
    "Соединяю с оператором. Подождите, пожалуйста.", "Connecting you to an operator. Please wait." },
  { "closed", "Зараз немає вільних операторів. Зателефонуйте, будь ласка, пізніше.",
    "Сейчас нет свободных операторов. Позвоните, пожалуйста, позже.",
    "No operator is free now. Please call again later." },
};

const char *
_desk_flow_text (DeskCallFlow *self,
                 const char   *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].key, key))
      return g_str_equal (self->language, "ru") ? texts[i].ru :
             g_str_equal (self->language, "en") ? texts[i].en : texts[i].uk;
  g_return_val_if_reached ("");
}

static void
say_menu (FlowContact *contact,
          const char  *before)
{
  g_autofree char *text = before ? g_strconcat (before, " ", contact->menu->greeting, NULL) :
                                   g_strdup (contact->menu->greeting);

  contact->ivr = IVR_MENU;
  _desk_flow_say (contact, text, 1, (guint) contact->menu->timeout_seconds * 1000, 0);
}

static void
say_then (FlowContact *contact,
          const char  *text,
          IvrState     then)
{
  contact->ivr = then;
  _desk_flow_say (contact, text, 0, 0, 0);
}

static void
note_path (FlowContact *contact,
           const char  *step)
{
  if (contact->path->len > 0)
    g_string_append (contact->path, " > ");
  g_string_append (contact->path, step);
  _desk_flow_save (contact);
}

/* The queue an operator is asked from: the menu's own operator or queue
 * choice, else the office's first queue. */
static gint64
operator_queue (FlowContact *contact)
{
  GHashTableIter iter;
  gpointer key;
  gint64 first = 0;

  for (guint i = 0; contact->menu && i < contact->menu->choices->len; i++)
    {
      DeskIvrChoice *choice = g_ptr_array_index (contact->menu->choices, i);

      if ((choice->action == DESK_IVR_ACTION_OPERATOR || choice->action == DESK_IVR_ACTION_QUEUE) &&
          choice->queue_id)
        return choice->queue_id;
    }
  g_hash_table_iter_init (&iter, contact->flow->queues);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (first == 0 || *(gint64 *) key < first)
      first = *(gint64 *) key;
  return first;
}

static void
to_operator (FlowContact *contact,
             gint64       queue_id)
{
  contact->record->outcome = DESK_CALL_OUTCOME_NONE;
  _desk_flow_enqueue (contact, queue_id ? queue_id : operator_queue (contact));
}

static gboolean
enter_menu (FlowContact  *contact,
            gint64        menu_id)
{
  g_autoptr (GError) error = NULL;
  DeskIvrMenuInfo *menu = desk_store_get_ivr_menu (contact->flow->store, menu_id, &error);

  if (menu == NULL)
    {
      g_warning ("IVR menu %" G_GINT64_FORMAT " could not be read: %s", menu_id, error->message);
      return FALSE;
    }
  desk_ivr_menu_info_free (contact->menu);
  contact->menu = menu;
  contact->retries = 0;
  note_path (contact, menu->name);
  say_menu (contact, NULL);
  return TRUE;
}

void
_desk_flow_ivr_start (FlowContact *contact,
                      gint64       menu_id)
{
  contact->phase = PHASE_IVR;
  if (!enter_menu (contact, menu_id))
    to_operator (contact, 0);
}

static void
create_case (FlowContact *contact,
             gint64       client_id,
             gint64       category_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  DeskCaseNew spec = {
    .client_id = client_id,
    .category_id = category_id,
    .subject = contact->menu ? contact->menu->name : "",
    .priority = DESK_PRIORITY_NORMAL,
    .channel = DESK_CHANNEL_IVR,
    .call_id = contact->call_id,
  };

  for (guint i = 0; contact->menu && i < contact->menu->choices->len; i++)
    {
      DeskIvrChoice *choice = g_ptr_array_index (contact->menu->choices, i);

      if (choice->action == DESK_IVR_ACTION_TYPICAL_CASE && choice->category_id == category_id)
        spec.subject = choice->label;
    }
  kase = desk_store_create_case (contact->flow->store, 0, &spec, &error);
  if (kase == NULL)
    {
      g_warning ("The IVR could not open a case: %s", error->message);
      say_then (contact, _desk_flow_text (contact->flow, "failed"), IVR_SAYING);
      return;
    }
  contact->record->client_id = client_id;
  contact->record->outcome = DESK_CALL_OUTCOME_IVR_SETTLED;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, kase->number);
  note_path (contact, number);
  text = g_strdup_printf (_desk_flow_text (contact->flow, "case-created"), number);
  say_then (contact, text, IVR_SAYING);
}

static void
choose (FlowContact         *contact,
        const DeskIvrChoice *choice)
{
  DeskCallFlow *self = contact->flow;
  g_autofree char *step = g_strdup_printf ("%c %s", choice->digit, choice->label);
  g_autoptr (GError) error = NULL;

  note_path (contact, step);
  switch (choice->action)
    {
    case DESK_IVR_ACTION_QUEUE:
    case DESK_IVR_ACTION_OPERATOR:
      to_operator (contact, choice->queue_id);
      break;
    case DESK_IVR_ACTION_INFO:
      contact->record->outcome = DESK_CALL_OUTCOME_IVR_SETTLED;
      say_then (contact, choice->prompt ? choice->prompt : choice->label, IVR_SAYING);
      break;
    case DESK_IVR_ACTION_CASE_STATUS:
      contact->ivr = IVR_CASE_NUMBER;
      _desk_flow_say (contact, _desk_flow_text (self, "case-number"), DESK_FLOW_MAX_NUMBER_DIGITS,
                      DESK_FLOW_NUMBER_TIMEOUT_S * 1000, '#');
      break;
    case DESK_IVR_ACTION_TYPICAL_CASE:
      if (contact->client_ids->len == 1)
        create_case (contact, g_array_index (contact->client_ids, gint64, 0), choice->category_id);
      else
        {
          contact->pending_category = choice->category_id;
          contact->ivr = IVR_ASSET;
          _desk_flow_say (contact, _desk_flow_text (self, "asset"), DESK_FLOW_MAX_NUMBER_DIGITS,
                          DESK_FLOW_NUMBER_TIMEOUT_S * 1000, '#');
        }
      break;
    case DESK_IVR_ACTION_CALLBACK:
      if (_desk_flow_request_callback (contact, choice->queue_id ? choice->queue_id :
                                       operator_queue (contact), &error))
        {
          contact->record->outcome = DESK_CALL_OUTCOME_CALLBACK;
          say_then (contact, _desk_flow_text (self, "callback-taken"), IVR_GOODBYE);
        }
      else
        {
          g_message ("Call %" G_GINT64_FORMAT ": no callback: %s", contact->call_id,
                     error->message);
          say_then (contact, _desk_flow_text (self, "callback-impossible"), IVR_SAYING);
        }
      break;
    case DESK_IVR_ACTION_SUBMENU:
      if (!enter_menu (contact, choice->submenu_id))
        to_operator (contact, 0);
      break;
    default:
      to_operator (contact, 0);
      break;
    }
}

static void
say_case_status (FlowContact *contact,
                 const char  *digits)
{
  DeskCallFlow *self = contact->flow;
  gint64 number = g_ascii_strtoll (digits, NULL, 10);
  g_autoptr (DeskCase) kase = number > 0 ? desk_store_get_case_by_number (self->store, number, NULL) :
                                           NULL;
  gboolean theirs = FALSE;
  g_autofree char *text = NULL;

  for (guint i = 0; kase && i < contact->client_ids->len; i++)
    theirs |= g_array_index (contact->client_ids, gint64, i) == kase->client_id;
  if (!theirs)
    {
      say_then (contact, _desk_flow_text (self, "case-unknown"), IVR_SAYING);
      return;
    }
  note_path (contact, digits);
  contact->record->outcome = DESK_CALL_OUTCOME_IVR_SETTLED;
  text = desk_voice_case_status_text (self->language, kase->number,
                                      desk_enum_to_nick (DESK_TYPE_CASE_STATUS, kase->status));
  say_then (contact, text, IVR_SAYING);
}

static void
identify_by_asset (FlowContact *contact,
                   const char  *digits)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GArray) ids = *digits ? desk_store_find_clients_by_asset (self->store, digits, NULL) :
                                     NULL;

  if (ids == NULL || ids->len != 1)
    {
      contact->ivr = IVR_IDLE;
      to_operator (contact, 0);
      return;
    }
  g_array_set_size (contact->client_ids, 0);
  g_array_append_vals (contact->client_ids, ids->data, 1);
  create_case (contact, g_array_index (ids, gint64, 0), contact->pending_category);
}

void
_desk_flow_ivr_digits (FlowContact *contact,
                       const char  *digits,
                       const char  *why)
{
  DeskCallFlow *self = contact->flow;

  desk_pbx_stop_playback (self->pbx, contact->leg, NULL);
  switch (contact->ivr)
    {
    case IVR_MENU:
      if (*digits == '\0' || digits[1] != '\0')
        {
          if (++contact->retries > contact->menu->max_retries)
            to_operator (contact, 0);
          else
            say_menu (contact, NULL);
          return;
        }
      for (guint i = 0; i < contact->menu->choices->len; i++)
        {
          DeskIvrChoice *choice = g_ptr_array_index (contact->menu->choices, i);

          if (choice->digit == digits[0])
            {
              choose (contact, choice);
              return;
            }
        }
      if (++contact->retries > contact->menu->max_retries)
        to_operator (contact, 0);
      else
        say_menu (contact, _desk_flow_text (self, "invalid"));
      break;
    case IVR_CASE_NUMBER:
      say_case_status (contact, digits);
      break;
    case IVR_ASSET:
      identify_by_asset (contact, digits);
      break;
    default:
      break;
    }
}

void
_desk_flow_ivr_said (FlowContact *contact)
{
  switch (contact->ivr)
    {
    case IVR_SAYING:
      contact->retries = 0;
      say_menu (contact, NULL);
      break;
    case IVR_GOODBYE:
      contact->ivr = IVR_IDLE;
      _desk_flow_finish (contact, contact->record->outcome, "ivr");
      break;
    default:
      break;
    }
}

/* Speech */

typedef struct {
  FlowContact *contact;
  guint collect;
  guint timeout_ms;
  char terminator;
} SayData;

static void
on_said (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autofree SayData *say = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = desk_voice_say_finish (DESK_VOICE (source), result, &error);
  FlowContact *contact;
  DeskCallFlow *self;
  GStatBuf st;
  guint prompt_ms = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  contact = say->contact;
  self = contact->flow;
  g_clear_object (&contact->cancellable);
  if (path == NULL)
    g_warning ("The office could not speak: %s", error->message);
  else if (!desk_pbx_play (self->pbx, contact->leg, path, FALSE, &error))
    g_warning ("Call %" G_GINT64_FORMAT ": %s", contact->call_id, error->message);
  else if (g_stat (path, &st) == 0 && st.st_size > 44)
    prompt_ms = (guint) ((st.st_size - 44) / 16);   /* 8 kHz, 16 bits */

  if (say->collect > 0)
    {
      g_clear_error (&error);
      if (!desk_pbx_collect_digits (self->pbx, contact->leg, say->collect,
                                    prompt_ms + say->timeout_ms, say->terminator, &error))
        g_warning ("Call %" G_GINT64_FORMAT ": %s", contact->call_id, error->message);
    }
  else if (path == NULL || prompt_ms == 0)
    _desk_flow_ivr_said (contact);   /* nothing will play: go on */
}

/**
 * _desk_flow_say:
 * @contact: a contact with a caller on the line
 * @text: what to say, in the office's language
 * @collect_digits: 0, or how many keys to collect while and after it plays
 * @collect_timeout_ms: how long to wait for them once it has played
 * @terminator: the key that ends a number early, or 0
 *
 * Says @text to the caller. Keys collected come back to the IVR through
 * [signal@Pbx::digits-collected]; without keys, the end of the speech does.
 */
void
_desk_flow_say (FlowContact *contact,
                const char  *text,
                guint        collect_digits,
                guint        collect_timeout_ms,
                char         terminator)
{
  DeskCallFlow *self = contact->flow;
  SayData *say = g_new0 (SayData, 1);

  if (contact->cancellable)
    g_cancellable_cancel (contact->cancellable);
  g_clear_object (&contact->cancellable);
  contact->cancellable = g_cancellable_new ();
  say->contact = contact;
  say->collect = collect_digits;
  say->timeout_ms = collect_timeout_ms;
  say->terminator = terminator;
  desk_voice_say_async (self->voice, self->language, text, contact->cancellable, on_said, say);
}
