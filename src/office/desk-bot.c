/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-bot"

#include "desk-i18n.h"
#include "desk-bot.h"
#include "desk-error.h"

#include <string.h>

/*
 * The chat bot's brain: the office's rules first, the public knowledge base
 * next, an operator last.
 *
 * Text is compared as people type it, not as it is spelt: NFKC, Unicode
 * casefold, punctuation dropped, apostrophes ignored (зв'язок, звʼязок and
 * звязок are one word), ё read as е, and Latin look-alikes inside a Cyrillic
 * word read as Cyrillic (a keyboard layout left on the wrong language).
 *
 * A phrase's words match a message's words by prefix, so that "тариф" finds
 * "тарифи" and "тарифів". Phrases are written in a dictionary form, and
 * Ukrainian and Russian inflect at the end of the word, so a phrase word
 * loses its ending first ("людина" finds "людиною", "живий" finds
 * "живого"). Words of three letters or fewer match only whole words: "не"
 * must not find "немає", nor "нет". The words of a phrase may come in any
 * order, close together and in one clause ("інтернет не працює" is "не
 * працює інтернет").
 *
 * Asking for a person always hands off, in Ukrainian, Russian or English,
 * whatever the rules say: nobody should have to argue with a bot.
 */

/* Enough for any real chat message; the rest of a longer one is not read,
 * which bounds the time a hostile message costs. */
#define MAX_TEXT_BYTES (16 * 1024)
#define MAX_WORDS 1000
/* How many other words may sit among a phrase's words. */
#define PHRASE_SLACK 2
#define N_ARTICLES 3
/* Words of a message searched in the knowledge base, and results per word. */
#define MAX_KB_WORDS 8
#define KB_PER_WORD 10

typedef struct {
  char *text;
  gboolean whole;       /* match whole words only, not prefixes */
} Word;

typedef struct {
  GArray *words;        /* Word */
  guint length;         /* characters of the phrase, for "the longest wins" */
} Phrase;

typedef struct {
  gint64 id;
  int priority;
  char *answer;
  gboolean suggest_articles;
  gboolean hand_off;
  GPtrArray *phrases;   /* Phrase */
} Rule;

struct _DeskBot
{
  GObject parent_instance;

  DeskStore *store;
  GPtrArray *rules;     /* Rule, the highest priority first */
  GPtrArray *asks;      /* Phrase: asking for a person */
};

G_DEFINE_FINAL_TYPE (DeskBot, desk_bot, G_TYPE_OBJECT)

/* Asking for a person, in the languages of the office's visitors. A
 * trailing '*' matches any word starting so; other words match whole. */
static const char * const person_phrases[] = {
  /* uk */
  "оператор*", "людин*", "живий", "живого", "живим", "живому", "живою", "живої",
  "консультант*", "менеджер*", "співробітник*", "фахівц*", "фахівець", "з'єднайте",
  /* ru */
  "человек*", "живой", "живым", "живая", "сотрудник*", "специалист*", "соедините",
  /* en */
  "operator*", "human*", "person", "people", "agent", "agents", "representative*",
  NULL
};

/* Words that say nothing about what a visitor needs; the knowledge base is
 * not searched for them. Compared after folding, so ё is written е. */
static const char * const stop_words[] = {
  /* uk */
  "мене", "мені", "мною", "мій", "моя", "моє", "мої", "мого", "моєї", "який", "яка", "яке",
  "які", "якщо", "що", "щоб", "чому", "коли", "куди", "звідки", "або", "але", "це", "цей",
  "ця", "ці", "цього", "цієї", "той", "так", "ще", "вже", "для", "від", "без", "при", "про",
  "після", "через", "над", "під", "між", "вони", "він", "вона", "воно", "вас", "вам", "ваш",
  "ваша", "ваше", "ваші", "наш", "наша", "наше", "наші", "нас", "нам", "бути", "був", "була",
  "було", "буде", "дуже", "треба", "потрібно", "можна", "можу", "може", "можете", "хочу",
  "будь", "ласка", "добрий", "доброго", "дня", "день", "вечора", "привіт", "вітаю", "дякую",
  "скажіть", "підкажіть", "зараз", "сьогодні", "маю", "мати", "тому", "тут", "там", "все",
  "всі", "свій", "свою", "його", "її", "їх", "тоді", "теж", "також", "лише", "тільки",
  "навіть", "чи", "якийсь", "нього", "неї", "собі", "себе", "вдома", "працює", "працюють",
  /* ru */
  "меня", "мне", "мной", "мой", "мое", "мои", "моего", "моей", "какой", "какая", "какое",
  "какие", "как", "что", "чтобы", "почему", "когда", "куда", "откуда", "или", "это", "этот",
  "эта", "эти", "этого", "этой", "тот", "так", "еще", "уже", "для", "без", "при", "про",
  "после", "через", "над", "под", "между", "они", "она", "оно", "вас", "вам", "ваш", "ваша",
  "ваше", "ваши", "наш", "наша", "наше", "наши", "нас", "нам", "быть", "был", "была",
  "было", "будет", "есть", "очень", "нужно", "надо", "можно", "могу", "может", "можете",
  "хочу", "пожалуйста", "добрый", "доброго", "день", "вечер", "здравствуйте", "привет",
  "спасибо", "скажите", "подскажите", "сейчас", "сегодня", "если", "тогда", "тоже", "также",
  "только", "даже", "все", "весь", "свой", "его", "нее", "ней", "него", "там", "тут", "себя",
  "дома", "работает", "работают",
  /* en */
  "the", "and", "for", "you", "your", "my", "our", "what", "how", "why", "when", "where",
  "which", "who", "can", "could", "would", "should", "does", "did", "is", "are", "was",
  "were", "have", "has", "had", "with", "from", "this", "that", "these", "those", "there",
  "here", "please", "hello", "thanks", "thank", "want", "need", "about", "not", "any",
  "some", "get", "got", "will", "just", "its", "into", "out", "too", "very", "also", "but",
  "all", "dont", "cant", "hi", "works", "working",
  NULL
};

/* Endings of Ukrainian and Russian words, longest first. */
static const char * const endings[] = {
  "ться", "тися",
  "ами", "ями", "ого", "ому", "его", "ему", "ими", "ыми",
  "ити", "ати", "іти", "ить", "ать", "ять", "ють", "уть", "ете", "ите", "ешь", "ишь",
  "ах", "ях", "ам", "ям", "ою", "ею", "ів", "ов", "ев", "ей", "ий", "ый", "ій", "ой",
  "ая", "яя", "ое", "ее", "ие", "ые", "ом", "ем", "им", "ым", "ок", "ся", "сь",
  "і", "и", "ы", "а", "я", "о", "е", "у", "ю", "ь", "ї", "є", "й",
  NULL
};

/* Text */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x00B4;
}

static gboolean
is_cyrillic (gunichar c)
{
  return c >= 0x0400 && c <= 0x04FF;
}

/* A Latin letter typed in a Cyrillic word, read as the letter it looks like. */
static gunichar
cyrillic_look_alike (gunichar c)
{
  switch (c)
    {
    case 'a': return 0x0430;
    case 'c': return 0x0441;
    case 'e': return 0x0435;
    case 'i': return 0x0456;
    case 'k': return 0x043A;
    case 'o': return 0x043E;
    case 'p': return 0x0440;
    case 'x': return 0x0445;
    case 'y': return 0x0443;
    default: return c;
    }
}

static void
add_word (GPtrArray *words,
          GString   *word,
          gboolean   cyrillic,
          gboolean   latin)
{
  if (word->len == 0)
    return;
  if (cyrillic && latin)
    {
      g_autoptr (GString) mended = g_string_sized_new (word->len);

      for (const char *p = word->str; *p; p = g_utf8_next_char (p))
        g_string_append_unichar (mended, cyrillic_look_alike (g_utf8_get_char (p)));
      g_string_assign (word, mended->str);
    }
  g_ptr_array_add (words, g_strdup (word->str));
  g_string_truncate (word, 0);
}

/* Ends a clause: a phrase is looked for within one ("інтернет працює,
 * немає телебачення" does not say "немає інтернету"). Not the hyphen, which
 * joins (Wi-Fi). */
static gboolean
is_clause_end (gunichar c)
{
  return (c < 0x80 && strchr (".,;:!?()\n", (int) c) != NULL) || c == 0x2026 || c == 0x2014;
}

/* The words of @text, folded (see the top of the file), at most MAX_WORDS.
 * @for_rules: apostrophes join and ё is е, as rules compare, and an empty
 * word marks where a clause ends; else apostrophes split, and ё stays, as
 * the knowledge base index reads its articles. @text must be valid UTF-8. */
static GPtrArray *
fold_words (const char *text,
            gsize       length,
            gboolean    for_rules)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) word = g_string_new (NULL);
  g_autofree char *normal = g_utf8_normalize (text, length, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = normal ? g_utf8_casefold (normal, -1) : NULL;
  gboolean cyrillic = FALSE, latin = FALSE;

  if (folded == NULL)
    return g_steal_pointer (&words);
  for (const char *p = folded; *p && words->len < MAX_WORDS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_apostrophe (c) && for_rules)
        continue;
      if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
        {
          add_word (words, word, cyrillic, latin);
          cyrillic = latin = FALSE;
          if (for_rules && is_clause_end (c) && words->len > 0 &&
              ((char *) g_ptr_array_index (words, words->len - 1))[0] != '\0')
            g_ptr_array_add (words, g_strdup (""));
          continue;
        }
      if (for_rules && c == 0x0451)  /* ё */
        c = 0x0435;
      cyrillic |= is_cyrillic (c);
      latin |= c < 0x80 && g_ascii_isalpha (c);
      g_string_append_unichar (word, c);
    }
  if (words->len < MAX_WORDS)
    add_word (words, word, cyrillic, latin);
  return g_steal_pointer (&words);
}

/* @word without its inflection, if at least @min_stem characters remain:
 * a Ukrainian or Russian ending, or an English plural s. */
static char *
stem (const char *word,
      glong       min_stem)
{
  glong n = g_utf8_strlen (word, -1);
  gsize bytes = strlen (word);

  if (is_cyrillic (g_utf8_get_char (word)))
    {
      for (guint i = 0; endings[i]; i++)
        {
          gsize cut = strlen (endings[i]);

          if (g_str_has_suffix (word, endings[i]) &&
              n - g_utf8_strlen (endings[i], -1) >= min_stem)
            return g_strndup (word, bytes - cut);
        }
    }
  else if (n > min_stem && g_str_has_suffix (word, "s") && !g_str_has_suffix (word, "ss"))
    return g_strndup (word, bytes - 1);
  return g_strdup (word);
}

static void
word_clear (gpointer data)
{
  Word *word = data;

  g_free (word->text);
}

static void
phrase_free (gpointer data)
{
  Phrase *phrase = data;

  g_array_unref (phrase->words);
  g_free (phrase);
}

/* One line of a rule, or one of person_phrases (@builtin: no stemming, and
 * a trailing '*' for a prefix). NULL if it has no words. */
static Phrase *
phrase_new (const char *line,
            gboolean    builtin)
{
  g_autoptr (GPtrArray) words = NULL;
  Phrase *phrase;
  gboolean prefix = builtin && g_str_has_suffix (line, "*");

  if (!g_utf8_validate (line, -1, NULL))
    return NULL;
  words = fold_words (line, -1, TRUE);
  for (guint i = words->len; i > 0; i--)
    if (((char *) g_ptr_array_index (words, i - 1))[0] == '\0')
      g_ptr_array_remove_index (words, i - 1);
  if (words->len == 0)
    return NULL;
  phrase = g_new0 (Phrase, 1);
  phrase->words = g_array_sized_new (FALSE, FALSE, sizeof (Word), words->len);
  g_array_set_clear_func (phrase->words, word_clear);
  for (guint i = 0; i < words->len; i++)
    {
      const char *text = g_ptr_array_index (words, i);
      glong n = g_utf8_strlen (text, -1);
      Word word;

      if (builtin)
        {
          word.text = g_strdup (text);
          word.whole = !(prefix && i + 1 == words->len);
        }
      else
        {
          word.text = stem (text, 3);
          word.whole = n <= 3;
        }
      phrase->length += n;
      g_array_append_val (phrase->words, word);
    }
  return phrase;
}

static gboolean
word_matches (const Word *word,
              const char *token)
{
  return word->whole ? strcmp (token, word->text) == 0 : g_str_has_prefix (token, word->text);
}

/* Whether all the words of @phrase are among @tokens, each its own token,
 * within a window of the phrase's length and PHRASE_SLACK, in one clause. */
static gboolean
phrase_matches (const Phrase *phrase,
                GPtrArray    *tokens)
{
  guint k = phrase->words->len;
  guint span = k + (k > 1 ? PHRASE_SLACK : 0);
  g_autofree gboolean *used = g_new (gboolean, span);

  for (guint start = 0; start < tokens->len; start++)
    {
      guint end = MIN (tokens->len, start + span);
      guint found = 0;

      memset (used, 0, span * sizeof (gboolean));
      for (guint w = 0; w < k; w++)
        {
          const Word *word = &g_array_index (phrase->words, Word, w);

          for (guint t = start; t < end && ((char *) tokens->pdata[t])[0] != '\0'; t++)
            if (!used[t - start] && word_matches (word, tokens->pdata[t]))
              {
                used[t - start] = TRUE;
                found++;
                break;
              }
          if (found <= w)
            break;
        }
      if (found == k)
        return TRUE;
    }
  return FALSE;
}

/* Rules */

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_free (rule->answer);
  g_ptr_array_unref (rule->phrases);
  g_free (rule);
}

static Rule *
rule_new (const DeskBotRuleInfo *info)
{
  g_auto (GStrv) lines = g_strsplit (info->phrases ? info->phrases : "", "\n", -1);
  Rule *rule = g_new0 (Rule, 1);

  rule->id = info->id;
  rule->priority = info->priority;
  rule->answer = g_strdup (info->answer);
  rule->suggest_articles = info->suggest_articles;
  rule->hand_off = info->hand_off;
  rule->phrases = g_ptr_array_new_with_free_func (phrase_free);
  for (guint i = 0; lines[i]; i++)
    {
      Phrase *phrase = phrase_new (lines[i], FALSE);

      if (phrase != NULL)
        g_ptr_array_add (rule->phrases, phrase);
    }
  return rule;
}

static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const Rule *x = *(Rule * const *) a, *y = *(Rule * const *) b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? 1 : -1;
  return (x->id > y->id) - (x->id < y->id);
}

/* The length of the longest phrase of @rule found in @tokens, 0 if none. */
static guint
rule_match (const Rule *rule,
            GPtrArray  *tokens)
{
  guint best = 0;

  for (guint i = 0; i < rule->phrases->len; i++)
    {
      const Phrase *phrase = g_ptr_array_index (rule->phrases, i);

      if (phrase->length > best && phrase_matches (phrase, tokens))
        best = phrase->length;
    }
  return best;
}

/* Knowledge base */

static gboolean
is_stop_word (const char *word)
{
  g_autofree char *plain = NULL;

  if (strstr (word, "ё") != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (word, "ё", -1);

      plain = g_strjoinv ("е", parts);
      word = plain;
    }
  return g_strv_contains (stop_words, word);
}

/* What to look for in the knowledge base: the words of @text that carry
 * meaning, without their endings, three characters or more (the index
 * matches no less), each once, at most MAX_KB_WORDS. */
static GPtrArray *
kb_words (const char *text,
          gsize       length)
{
  g_autoptr (GPtrArray) tokens = fold_words (text, length, FALSE);
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < tokens->len && words->len < MAX_KB_WORDS; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      g_autofree char *stemmed = NULL;

      if (g_utf8_strlen (token, -1) < 3 || is_stop_word (token))
        continue;
      /* Four at least: the index matches anywhere in a word, and a short
       * stem such as "цін" is inside "оцінка". */
      stemmed = stem (token, 4);
      if (!g_ptr_array_find_with_equal_func (words, stemmed, g_str_equal, NULL))
        g_ptr_array_add (words, g_steal_pointer (&stemmed));
    }
  return g_steal_pointer (&words);
}

typedef struct {
  DeskArticle *article;
  guint order;
  guint covered;        /* how many of the words it holds */
  guint in_title;
  guint score;
  guint hint;           /* words of the rule that answered, in its title */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  desk_article_free (candidate->article);
  g_free (candidate);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(Candidate * const *) a, *y = *(Candidate * const *) b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  if (x->covered != y->covered)
    return x->covered < y->covered ? 1 : -1;
  if (x->hint != y->hint)
    return x->hint < y->hint ? 1 : -1;
  return (x->order > y->order) - (x->order < y->order);
}

static gboolean
kb_collect (DeskBot     *self,
            const char  *query,
            guint        limit,
            GHashTable  *seen,
            GPtrArray   *candidates,
            guint       *n_found,
            GError     **error)
{
  g_autoptr (GPtrArray) found = desk_store_search_articles (self->store, query, TRUE, limit,
                                                            error);

  if (found == NULL)
    return FALSE;
  *n_found = found->len;
  for (guint i = 0; i < found->len; i++)
    {
      DeskArticle *article = g_ptr_array_index (found, i);
      Candidate *candidate;

      /* The store was asked for public articles only; checked again, as
       * showing an internal article to a visitor is the one thing the bot
       * must never do. */
      if (article->visibility != DESK_VISIBILITY_PUBLIC ||
          g_hash_table_contains (seen, &article->id))
        continue;
      candidate = g_new0 (Candidate, 1);
      candidate->article = g_steal_pointer (&found->pdata[i]);
      candidate->order = candidates->len;
      g_hash_table_add (seen, &candidate->article->id);
      g_ptr_array_add (candidates, candidate);
    }
  return TRUE;
}

static char *
fold_text (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal ? normal : "", -1);
}

/* Up to N_ARTICLES public articles about @text, best first.
 *
 * Which words count: those the knowledge base knows. "Скільки коштують
 * ваші тарифи" is a question about tariffs; that no article says
 * "коштують" does not make tariff articles wrong. An article must then hold
 * most of the known words (half will do when one of them is in its title),
 * and either a word in its title or two words in its text: an article that
 * shares one word of its text with a question answers nothing, and then an
 * operator should. Between equals, the article whose title speaks of what
 * @rule (the rule that answered, if any) is about comes first. */
static GPtrArray *
kb_suggest (DeskBot     *self,
            const Rule  *rule,
            const char  *text,
            gsize        length,
            GError     **error)
{
  g_autoptr (GPtrArray) words = kb_words (text, length);
  g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GPtrArray) articles =
    g_ptr_array_new_with_free_func ((GDestroyNotify) desk_article_free);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  g_autofree gboolean *known = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  guint n_known = 0, n_found = 0;

  if (words->len == 0)
    return g_steal_pointer (&articles);
  known = g_new0 (gboolean, words->len);

  /* All the words at once (the store wants every one), then each alone:
   * an article holding most of them is found too, and which words the
   * knowledge base knows at all. */
  for (guint i = 0; i < words->len; i++)
    g_string_append_printf (all, "%s%s", i ? " " : "", (char *) words->pdata[i]);
  if (!kb_collect (self, all->str, KB_PER_WORD, seen, candidates, &n_found, error))
    return NULL;
  if (words->len == 1)
    known[0] = n_found > 0;
  for (guint i = 0; words->len > 1 && i < words->len; i++)
    {
      if (!kb_collect (self, words->pdata[i], KB_PER_WORD, seen, candidates, &n_found, error))
        return NULL;
      known[i] = n_found > 0;
    }
  for (guint i = 0; i < words->len; i++)
    n_known += known[i] ? 1 : 0;

  for (guint c = 0; c < candidates->len && n_known > 0; c++)
    {
      Candidate *candidate = g_ptr_array_index (candidates, c);
      g_autofree char *title = fold_text (candidate->article->title);
      g_autofree char *body = fold_text (candidate->article->body);

      for (guint i = 0; i < words->len; i++)
        {
          const char *word = g_ptr_array_index (words, i);

          if (!known[i])
            continue;
          if (strstr (title, word) != NULL)
            {
              candidate->in_title++;
              candidate->covered++;
              candidate->score += 3;
            }
          else if (strstr (body, word) != NULL)
            {
              candidate->covered++;
              candidate->score += 1;
            }
        }
      for (guint p = 0; rule != NULL && p < rule->phrases->len; p++)
        {
          const Phrase *phrase = g_ptr_array_index (rule->phrases, p);

          for (guint w = 0; w < phrase->words->len; w++)
            {
              const Word *word = &g_array_index (phrase->words, Word, w);

              if (g_utf8_strlen (word->text, -1) >= 3 && strstr (title, word->text) != NULL)
                candidate->hint++;
            }
        }
      if ((candidate->in_title > 0 || candidate->covered >= 2) &&
          (candidate->covered * 2 > n_known ||
           (candidate->in_title > 0 && candidate->covered * 2 >= n_known)))
        g_ptr_array_add (kept, candidate);
    }

  g_ptr_array_sort (kept, compare_candidates);
  for (guint i = 0; i < kept->len && articles->len < N_ARTICLES; i++)
    {
      Candidate *candidate = g_ptr_array_index (kept, i);

      g_ptr_array_add (articles, g_steal_pointer (&candidate->article));
    }
  return g_steal_pointer (&articles);
}

/* GObject */

static void
desk_bot_dispose (GObject *object)
{
  DeskBot *self = DESK_BOT (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (desk_bot_parent_class)->dispose (object);
}

static void
desk_bot_finalize (GObject *object)
{
  DeskBot *self = DESK_BOT (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->asks, g_ptr_array_unref);
  G_OBJECT_CLASS (desk_bot_parent_class)->finalize (object);
}

static void
desk_bot_class_init (DeskBotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = desk_bot_dispose;
  object_class->finalize = desk_bot_finalize;
}

static void
desk_bot_init (DeskBot *self)
{
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->asks = g_ptr_array_new_with_free_func (phrase_free);
  for (guint i = 0; person_phrases[i]; i++)
    {
      Phrase *phrase = phrase_new (person_phrases[i], TRUE);

      if (phrase != NULL)
        g_ptr_array_add (self->asks, phrase);
    }
}

/* Public */

/**
 * desk_bot_reply_free:
 * @reply: (nullable): a #DeskBotReply
 */
void
desk_bot_reply_free (DeskBotReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->answer);
  g_clear_pointer (&reply->articles, g_ptr_array_unref);
  g_free (reply);
}

/**
 * desk_bot_new:
 * @store: the office's store
 * @error: a #GError
 *
 * Returns: (transfer full): a bot with the office's enabled rules, or %NULL
 *   if they cannot be read
 */
DeskBot *
desk_bot_new (DeskStore  *store,
              GError    **error)
{
  g_autoptr (DeskBot) self = NULL;

  g_return_val_if_fail (DESK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DESK_TYPE_BOT, NULL);
  self->store = g_object_ref (store);
  if (!desk_bot_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * desk_bot_reload:
 * @self: a #DeskBot
 * @error: a #GError
 *
 * Reads the rules again, after they were changed. On error the bot keeps
 * the rules it had.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_bot_reload (DeskBot  *self,
                 GError  **error)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GPtrArray) rules = NULL;

  g_return_val_if_fail (DESK_IS_BOT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  infos = desk_store_list_bot_rules (self->store, error);
  if (infos == NULL)
    return FALSE;
  rules = g_ptr_array_new_with_free_func (rule_free);
  for (guint i = 0; i < infos->len; i++)
    {
      Rule *rule = rule_new (g_ptr_array_index (infos, i));

      if (rule->phrases->len > 0)
        g_ptr_array_add (rules, rule);
      else
        rule_free (rule);
    }
  /* The store lists them so already; desk_bot_reply() relies on it. */
  g_ptr_array_sort (rules, compare_rules);
  g_ptr_array_unref (self->rules);
  self->rules = g_steal_pointer (&rules);
  g_debug ("%u bot rules", self->rules->len);
  return TRUE;
}

/**
 * desk_bot_dup_greeting:
 * @self: a #DeskBot
 *
 * Returns: (transfer full): the office's "bot-greeting" setting, or a
 *   default greeting in the user's language when it is not set
 */
char *
desk_bot_dup_greeting (DeskBot *self)
{
  g_autofree char *greeting = NULL;

  g_return_val_if_fail (DESK_IS_BOT (self), NULL);

  greeting = desk_store_get_setting (self->store, "bot-greeting");
  if (!is_blank (greeting))
    return g_steal_pointer (&greeting);
  return g_strdup (_("Hello! I am the virtual assistant. Please describe your question: I will "
                     "answer it or connect you with an operator."));
}

/* What the bot says when it hands off: the office's own words, from its
 * hand-off rule, if it has one. */
static char *
dup_hand_off_answer (DeskBot    *self,
                     const Rule *matched)
{
  if (matched != NULL && matched->hand_off && !is_blank (matched->answer))
    return g_strdup (matched->answer);
  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *rule = g_ptr_array_index (self->rules, i);

      if (rule->hand_off && !is_blank (rule->answer))
        return g_strdup (rule->answer);
    }
  return g_strdup (_("Connecting you with an operator, please wait."));
}

/**
 * desk_bot_reply:
 * @self: a #DeskBot
 * @text: what the visitor wrote
 * @error: a #GError
 *
 * Answers one message. A visitor asking for a person, or a rule that says
 * so, hands off. Otherwise the rule of the highest priority that matches
 * answers (the longest matching phrase breaks ties) and, if it says so,
 * public articles come with its answer; with no rule, public articles
 * alone. With neither, the reply is unsure and has no answer.
 *
 * Returns: (transfer full): the reply, or %NULL if @text is not UTF-8 or
 *   the knowledge base cannot be read
 */
DeskBotReply *
desk_bot_reply (DeskBot     *self,
                const char  *text,
                GError     **error)
{
  g_autoptr (DeskBotReply) reply = NULL;
  g_autoptr (GPtrArray) tokens = NULL;
  const Rule *best = NULL;
  guint best_length = 0;
  gboolean asks_person = FALSE;
  gsize length;

  g_return_val_if_fail (DESK_IS_BOT (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  length = strlen (text);
  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("The message is not valid text"));
      return NULL;
    }
  if (length > MAX_TEXT_BYTES)
    length = g_utf8_find_prev_char (text, text + MAX_TEXT_BYTES + 1) - text;

  reply = g_new0 (DeskBotReply, 1);
  reply->articles = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_article_free);
  tokens = fold_words (text, length, TRUE);

  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *rule = g_ptr_array_index (self->rules, i);
      guint matched;

      /* Rules come by priority: none after a lower one can win. */
      if (best != NULL && rule->priority < best->priority)
        break;
      matched = rule_match (rule, tokens);
      if (matched > best_length)
        {
          best = rule;
          best_length = matched;
        }
    }
  for (guint i = 0; i < self->asks->len && !asks_person; i++)
    asks_person = phrase_matches (g_ptr_array_index (self->asks, i), tokens);

  if (asks_person || (best != NULL && best->hand_off))
    {
      reply->hand_off = TRUE;
      reply->answer = dup_hand_off_answer (self, best);
      return g_steal_pointer (&reply);
    }

  if (best == NULL || best->suggest_articles)
    {
      g_autoptr (GPtrArray) articles = kb_suggest (self, best, text, length, error);

      if (articles == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (reply->articles, g_steal_pointer (&articles));
    }
  /* A rule with no answer of its own only shows articles. */
  if (best != NULL && !is_blank (best->answer))
    reply->answer = g_strdup (best->answer);
  else if (reply->articles->len > 0)
    reply->answer = g_strdup (_("These articles may answer your question:"));
  else
    reply->unsure = TRUE;
  return g_steal_pointer (&reply);
}
