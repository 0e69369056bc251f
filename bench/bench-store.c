/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "desk-phone.h"
#include "desk-sqlite-store.h"

/*
 * The office store at the size of a large office: caller-ID lookups among a
 * million clients, and knowledge base search among 100,000 articles. Every
 * figure is measured through the public DeskStore API, as the office calls
 * it. The data comes from a fixed seed, so two runs load the same bytes.
 */

#define SEED          20240601
#define CLIENT_BATCH  2000
#define ARTICLE_BATCH 500
#define TARGET_LOOKUP_P99_MS 0.1
#define TARGET_SEARCH_P95_MS 25.0

static volatile sig_atomic_t interrupted;

/* Options */

static int opt_clients = 1000000;
static int opt_articles = 100000;
static int opt_lookups = 100000;
static int opt_rounds = 5;
static int opt_limit = 20;
static gboolean opt_quick;
static gboolean opt_keep;
static gboolean opt_verbose;
static char *opt_dir;
static char *opt_reuse;

static const GOptionEntry entries[] = {
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Clients to generate (1000000)", "N" },
  { "articles", 0, 0, G_OPTION_ARG_INT, &opt_articles, "Articles to generate (100000)", "N" },
  { "lookups", 0, 0, G_OPTION_ARG_INT, &opt_lookups, "Caller-ID lookups per pass (100000)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds,
    "Rounds of the search queries, the first reported apart (5)", "N" },
  { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit, "Results asked of each search (20)", "N" },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick,
    "A small run: 50000 clients, 5000 articles, 20000 lookups", NULL },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the data directory", NULL },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Put the data directory under DIR", "DIR" },
  { "reuse", 0, 0, G_OPTION_ARG_FILENAME, &opt_reuse,
    "Measure a directory kept by --keep (same --clients or --quick)", "DIR" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print every search query", NULL },
  { NULL }
};

/* Clients: Ukrainian names, the way a CRM holds them */

typedef struct { const char *male, *female; } Gendered;

static const char *first_male[] = {
  "Олександр", "Андрій", "Сергій", "Володимир", "Дмитро", "Іван", "Микола", "Юрій", "Олег",
  "Василь", "Віктор", "Петро", "Михайло", "Богдан", "Тарас", "Ігор", "Роман", "Максим", "Артем",
  "Денис", "Євген", "Віталій", "Остап", "Назар", "Ярослав", "Степан", "Григорій", "Анатолій",
  "Валерій", "Павло", "Орест", "Святослав",
};
static const char *first_female[] = {
  "Олена", "Наталія", "Тетяна", "Оксана", "Ірина", "Світлана", "Юлія", "Марія", "Людмила",
  "Галина", "Ганна", "Катерина", "Ольга", "Вікторія", "Анастасія", "Софія", "Дарина", "Христина",
  "Леся", "Соломія", "Зоряна", "Надія", "Віра", "Любов", "Лариса", "Валентина", "Інна", "Ярина",
  "Мар'яна", "Алла", "Богдана", "Уляна",
};
static const Gendered patronymics[] = {
  { "Олександрович", "Олександрівна" }, { "Андрійович", "Андріївна" },
  { "Сергійович", "Сергіївна" }, { "Володимирович", "Володимирівна" },
  { "Дмитрович", "Дмитрівна" }, { "Іванович", "Іванівна" }, { "Миколайович", "Миколаївна" },
  { "Юрійович", "Юріївна" }, { "Олегович", "Олегівна" }, { "Васильович", "Василівна" },
  { "Вікторович", "Вікторівна" }, { "Петрович", "Петрівна" }, { "Михайлович", "Михайлівна" },
  { "Богданович", "Богданівна" }, { "Тарасович", "Тарасівна" }, { "Ігорович", "Ігорівна" },
  { "Романович", "Романівна" }, { "Степанович", "Степанівна" }, { "Григорович", "Григорівна" },
  { "Анатолійович", "Анатоліївна" }, { "Павлович", "Павлівна" },
  { "Ярославович", "Ярославівна" },
};
static const Gendered surnames[] = {
  { "Шевченко", NULL }, { "Коваленко", NULL }, { "Бондаренко", NULL }, { "Ткаченко", NULL },
  { "Кравченко", NULL }, { "Олійник", NULL }, { "Шевчук", NULL }, { "Поліщук", NULL },
  { "Бойко", NULL }, { "Ковальчук", NULL }, { "Лисенко", NULL }, { "Мельник", NULL },
  { "Мороз", NULL }, { "Савченко", NULL }, { "Руденко", NULL }, { "Марченко", NULL },
  { "Петренко", NULL }, { "Кравчук", NULL }, { "Клименко", NULL }, { "Павленко", NULL },
  { "Левченко", NULL }, { "Харченко", NULL }, { "Гончаренко", NULL }, { "Карпенко", NULL },
  { "Литвиненко", NULL }, { "Мельничук", NULL }, { "Романенко", NULL }, { "Пономаренко", NULL },
  { "Кузьменко", NULL }, { "Сидоренко", NULL }, { "Захарченко", NULL }, { "Гнатюк", NULL },
  { "Костенко", NULL }, { "Дяченко", NULL }, { "Яковенко", NULL }, { "Приходько", NULL },
  { "Кириленко", NULL }, { "Василенко", NULL }, { "Панченко", NULL }, { "Семенюк", NULL },
  { "Головко", NULL }, { "Тарасенко", NULL }, { "Юрченко", NULL }, { "Грицай", NULL },
  { "Онищенко", NULL }, { "Федорук", NULL }, { "Стасюк", NULL }, { "Демчук", NULL },
  { "Ковальський", "Ковальська" }, { "Савицький", "Савицька" }, { "Вишневський", "Вишневська" },
  { "Заблоцький", "Заблоцька" }, { "Ковальов", "Ковальова" }, { "Соколов", "Соколова" },
  { "Білий", "Біла" }, { "Чорний", "Чорна" }, { "Лозинський", "Лозинська" },
  { "Гребенюк", NULL }, { "Зайченко", NULL }, { "Іващенко", NULL }, { "Ярмоленко", NULL },
};
static const char *org_forms[] = { "ТОВ", "ПП", "ТОВ", "ФГ", "КП" };
static const char *org_heads[] = {
  "Агро", "Буд", "Техно", "Енерго", "Мед", "Укр", "Еко", "Мега", "Про", "Інтер", "Світ", "Дніпро",
};
static const char *org_tails[] = {
  "світ", "сервіс", "трейд", "інвест", "лайн", "пром", "тех", "груп", "буд", "маркет", "логістик",
  "постач",
};
static const char *phone_labels[] = { "мобільний", "робочий", "домашній" };

/* Operator codes with their rough share of subscribers; 39 is never used,
 * so a number with it is a guaranteed miss. */
static const struct { guint code; guint weight; } phone_codes[] = {
  { 50, 14 }, { 66, 10 }, { 95, 8 }, { 99, 6 }, { 67, 16 }, { 68, 6 }, { 96, 8 }, { 97, 10 },
  { 98, 6 }, { 63, 7 }, { 73, 5 }, { 93, 6 }, { 91, 1 }, { 92, 1 }, { 94, 1 }, { 44, 3 },
  { 32, 1 }, { 48, 1 }, { 57, 1 }, { 56, 1 },
};
#define MISS_CODE 39

/* Knowledge base vocabulary. Each entry is one lemma with its forms, so
 * that a stem typed by an operator finds every inflection, as it would in
 * real articles. Lists run from frequent to rare: draws are Zipf-weighted
 * by position. */

static const char *ru_function[] = {
  "и", "в", "на", "не", "что", "с", "по", "для", "как", "это", "если", "или", "к", "от", "до",
  "при", "после", "чтобы", "то", "же", "ли", "уже", "только", "также", "можно", "нужно", "вы",
  "ваш|ваша|ваше|вашего|вашей", "все|всё|всех", "так", "его", "их", "он|она|оно|они", "есть",
  "нет", "будет", "был|была|было|были", "когда", "где", "через", "без", "под", "над", "об",
};
static const char *uk_function[] = {
  "і", "в", "на", "не", "що", "з", "по", "для", "як", "це", "якщо", "або", "до", "та", "від",
  "при", "після", "щоб", "то", "ж", "чи", "вже", "тільки", "також", "можна", "потрібно", "ви",
  "ваш|ваша|ваше|вашого|вашої", "усі|все|усіх", "так", "його", "їх", "він|вона|воно|вони", "є",
  "немає", "буде", "був|була|було|були", "коли", "де", "через", "без", "під", "над", "у",
};
/* The language of any support text, whatever it is about. */
static const char *ru_general[] = {
  "пожалуйста", "необходимо", "обратитесь|обратиться", "случае|случай", "следует",
  "убедитесь", "например", "обычно", "возможно", "сразу", "снова", "несколько",
  "который|которые|которая|которое", "этот|эта|этом|этого|эти", "должен|должна|должны",
  "может|могут", "нажмите|нажать", "выберите|выбрать", "откройте|открыть", "введите|ввести",
  "укажите|указать", "получить|получите", "сделать|сделайте", "помочь|поможет",
  "время|времени", "раз", "новый|новая|новое|новые", "другой|другая|другие", "свой|свою|своего",
  "затем", "потом", "сначала", "обязательно", "текущий|текущего", "верно|неверно",
  "сообщите|сообщить", "ждите|подождите", "повторите|повторить",
};
static const char *uk_general[] = {
  "будь ласка", "необхідно", "зверніться|звернутися", "разі|випадку", "слід", "переконайтеся",
  "наприклад", "зазвичай", "можливо", "одразу", "знову", "кілька", "який|які|яка|яке",
  "цей|ця|цьому|цього|ці", "повинен|повинна|повинні", "може|можуть", "натисніть|натиснути",
  "виберіть|вибрати", "відкрийте|відкрити", "введіть|ввести", "вкажіть|вказати",
  "отримати|отримаєте", "зробити|зробіть", "допомогти|допоможе", "раз", "новий|нова|нове|нові",
  "інший|інша|інші", "свій|свою|свого", "потім", "спочатку", "обов'язково",
  "поточний|поточного", "правильно|неправильно", "повідомте|повідомити", "зачекайте",
  "повторіть|повторити", "тепер", "далі",
};

static const char *ru_domain[] = {
  "роутер|роутера|роутеру|роутером|роутере", "интернет|интернета|интернету|интернетом",
  "подключение|подключения|подключению|подключением", "оплата|оплаты|оплату|оплатой",
  "счёт|счета|счету|счётом", "тариф|тарифа|тарифу|тарифом|тарифы|тарифов",
  "абонент|абонента|абоненту|абонентом|абоненты", "договор|договора|договору|договором",
  "заявка|заявки|заявку|заявкой|заявок", "клиент|клиента|клиенту|клиентом|клиенты",
  "пароль|пароля|паролю|паролем", "номер|номера|номеру|номером", "услуга|услуги|услугу|услуг",
  "личный|личного|личном", "кабинет|кабинета|кабинете", "баланс|баланса|балансе",
  "скорость|скорости|скоростью", "сеть|сети|сетью", "проверьте|проверить|проверка|проверки",
  "ошибка|ошибки|ошибку|ошибкой|ошибок", "настройка|настройки|настройку|настройками",
  "перезагрузите|перезагрузить|перезагрузка|перезагрузки", "оператор|оператора|оператору",
  "кабель|кабеля|кабелю|кабелем", "сигнал|сигнала|сигналу|сигналом",
  "подключите|подключить|подключили", "отключение|отключения|отключить|отключите",
  "мастер|мастера|мастеру|мастером", "адрес|адреса|адресу|адресом",
  "телефон|телефона|телефону|телефоном", "приставка|приставки|приставку|приставкой",
  "телевидение|телевидения|телевидению", "канал|канала|каналы|каналов",
  "устройство|устройства|устройству|устройством", "работает|работают|работа|работы",
  "проблема|проблемы|проблему|проблемой", "вопрос|вопроса|вопросу|вопросы",
  "сумма|суммы|сумму|суммой", "карта|карты|карту|картой", "платёж|платежа|платежу|платежи",
  "связь|связи|связью", "доступ|доступа|доступу|доступом", "пакет|пакета|пакету|пакетом",
  "компьютер|компьютера|компьютеру", "индикатор|индикатора|индикаторы",
  "розетка|розетки|розетку", "кнопка|кнопки|кнопку|кнопкой", "страница|страницы|страницу",
  "браузер|браузера|браузере", "приложение|приложения|приложении",
  "сообщение|сообщения|сообщением", "звонок|звонка|звонку|звонки", "минута|минуты|минут",
  "месяц|месяца|месяцев", "день|дня|дней", "документ|документа|документы|документов",
  "паспорт|паспорта|паспортом", "заявление|заявления|заявлению", "решение|решения|решению",
  "инструкция|инструкции|инструкцию", "сотрудник|сотрудника|сотруднику",
  "специалист|специалиста|специалисту", "линия|линии|линию", "авария|аварии|аварию",
  "восстановление|восстановления", "обслуживание|обслуживания", "поддержка|поддержки|поддержку",
  "деньги|денег|деньгами", "возврат|возврата|возврату", "ноутбук|ноутбука|ноутбуке",
  "лампочка|лампочки|лампочку", "модем|модема|модему|модемом", "провод|провода|проводом",
  "порт|порта|порту|портов", "логин|логина|логином", "почта|почты|почту",
  "уведомление|уведомления|уведомлений", "период|периода|периоде", "скидка|скидки|скидку",
  "акция|акции|акцию", "бонус|бонуса|бонусы", "смена|смены|сменить", "срок|срока|сроки",
  "график|графика|графику", "оборудование|оборудования|оборудованием",
  "замена|замены|замену", "ремонт|ремонта|ремонту", "гарантия|гарантии|гарантию",
  "подпись|подписи|подписью", "квартира|квартиры|квартире", "дом|дома|доме",
  "подъезд|подъезда|подъезде", "этаж|этажа|этаже",
};
static const char *uk_domain[] = {
  "роутер|роутера|роутеру|роутером|роутері", "інтернет|інтернету|інтернетом",
  "підключення|підключенню|підключенням", "оплата|оплати|оплату|оплатою",
  "рахунок|рахунку|рахунком|рахунки", "тариф|тарифу|тарифом|тарифи|тарифів",
  "абонент|абонента|абоненту|абонентом|абоненти", "договір|договору|договором",
  "заявка|заявки|заявку|заявкою|заявок", "клієнт|клієнта|клієнту|клієнтом|клієнти",
  "пароль|пароля|паролем", "номер|номера|номеру|номером", "послуга|послуги|послугу|послуг",
  "особистий|особистого|особистому", "кабінет|кабінету|кабінеті", "баланс|балансу|балансі",
  "швидкість|швидкості|швидкістю", "мережа|мережі|мережу|мережею",
  "перевірте|перевірити|перевірка|перевірки", "помилка|помилки|помилку|помилкою|помилок",
  "налаштування|налаштувань|налаштуйте", "перезавантажте|перезавантажити|перезавантаження",
  "оператор|оператора|оператору", "кабель|кабелю|кабелем", "сигнал|сигналу|сигналом",
  "підключіть|підключити|підключили", "відключення|відключити|відключіть",
  "майстер|майстра|майстру|майстром", "адреса|адреси|адресу|адресою",
  "телефон|телефону|телефоном", "приставка|приставки|приставку|приставкою",
  "телебачення", "канал|каналу|канали|каналів", "пристрій|пристрою|пристроєм|пристрої",
  "працює|працюють|робота|роботи", "проблема|проблеми|проблему|проблемою",
  "питання", "сума|суми|суму|сумою", "картка|картки|картку|карткою",
  "платіж|платежу|платежі|платежів", "зв'язок|зв'язку", "доступ|доступу|доступом",
  "пакет|пакету|пакетом", "комп'ютер|комп'ютера|комп'ютеру", "індикатор|індикатора|індикатори",
  "розетка|розетки|розетку", "кнопка|кнопки|кнопку|кнопкою", "сторінка|сторінки|сторінку",
  "браузер|браузера|браузері", "застосунок|застосунку|застосунком",
  "повідомлення|повідомлень", "дзвінок|дзвінка|дзвінку|дзвінки", "хвилина|хвилини|хвилин",
  "місяць|місяця|місяців", "день|дня|днів", "документ|документа|документи|документів",
  "паспорт|паспорта|паспортом", "заява|заяви|заяву|заявою", "рішення",
  "інструкція|інструкції|інструкцію", "співробітник|співробітника|співробітнику",
  "фахівець|фахівця|фахівцю", "лінія|лінії|лінію", "аварія|аварії|аварію", "відновлення",
  "обслуговування", "підтримка|підтримки|підтримку", "гроші|грошей|грошима",
  "повернення", "ноутбук|ноутбука|ноутбуці", "лампочка|лампочки|лампочку",
  "модем|модема|модему|модемом", "провід|проводу|проводом", "порт|порту|портів",
  "логін|логіна|логіном", "пошта|пошти|пошту", "сповіщення|сповіщень", "період|періоду|періоді",
  "знижка|знижки|знижку", "акція|акції|акцію", "бонус|бонусу|бонуси", "зміна|зміни|змінити",
  "термін|терміну|терміни", "графік|графіка|графіку", "обладнання|обладнанням",
  "заміна|заміни|заміну", "ремонт|ремонту", "гарантія|гарантії|гарантію",
  "підпис|підпису|підписом", "квартира|квартири|квартирі", "будинок|будинку|будинком",
  "під'їзд|під'їзду|під'їзді", "поверх|поверху|поверсі",
};
static const char *ru_rare[] = {
  "оптоволокно|оптоволокна|оптоволокном", "прошивка|прошивки|прошивку", "терминал|терминала",
  "квитанция|квитанции|квитанцию", "задолженность|задолженности", "блокировка|блокировки",
  "антенна|антенны|антенну", "пульт|пульта|пультом", "коннектор|коннектора|коннекторы",
  "реквизиты|реквизитов", "перерасчёт|перерасчёта", "компенсация|компенсации|компенсацию",
  "рассрочка|рассрочки|рассрочку", "переадресация|переадресации", "сплиттер|сплиттера",
  "коммутатор|коммутатора", "ретранслятор|ретранслятора", "ресивер|ресивера|ресивером",
  "частота|частоты|частоту", "диапазон|диапазона", "помехи|помех", "шифрование|шифрования",
  "сертификат|сертификата", "доверенность|доверенности|доверенностью",
  "переоформление|переоформления", "расторжение|расторжения", "перенос|переноса",
  "демонтаж|демонтажа", "монтаж|монтажа", "кронштейн|кронштейна", "патч-корд|патч-корда",
  "медиаконвертер|медиаконвертера", "репитер|репитера", "реструктуризация|реструктуризации",
  "пеня|пени", "опломбировка|опломбировки", "дефектовка|дефектовки", "штраф|штрафа|штрафы",
  "нотариус|нотариуса", "наследник|наследника|наследники", "пенсионер|пенсионера|пенсионеры",
  "льгота|льготы|льготу", "субсидия|субсидии", "юрлицо|юрлица", "роуминг|роуминга",
  "маршрутизация|маршрутизации", "шлюз|шлюза", "прокси", "брандмауэр|брандмауэра",
  "контроллер|контроллера",
};
static const char *uk_rare[] = {
  "оптоволокно|оптоволокна|оптоволокном", "прошивка|прошивки|прошивку",
  "термінал|терміналу", "квитанція|квитанції|квитанцію", "заборгованість|заборгованості",
  "блокування|блокуванням", "антена|антени|антену", "пульт|пульта|пультом",
  "конектор|конектора|конектори", "реквізити|реквізитів", "перерахунок|перерахунку",
  "компенсація|компенсації|компенсацію", "розстрочка|розстрочки|розстрочку",
  "переадресація|переадресації", "сплітер|сплітера", "комутатор|комутатора",
  "ретранслятор|ретранслятора", "ресивер|ресивера|ресивером", "частота|частоти|частоту",
  "діапазон|діапазону", "перешкоди|перешкод", "шифрування", "сертифікат|сертифіката",
  "довіреність|довіреності|довіреністю", "переоформлення", "розірвання", "перенесення",
  "демонтаж|демонтажу", "монтаж|монтажу", "кронштейн|кронштейна", "медіаконвертер",
  "репітер|репітера", "реструктуризація|реструктуризації", "пеня|пені",
  "опломбування", "штраф|штрафу|штрафи", "нотаріус|нотаріуса", "спадкоємець|спадкоємця",
  "пенсіонер|пенсіонера|пенсіонери", "пільга|пільги|пільгу", "субсидія|субсидії",
  "юрособа|юрособи", "роумінг|роумінгу", "маршрутизація|маршрутизації", "шлюз|шлюзу",
  "брандмауер|брандмауера", "контролер|контролера",
};
/* Names that appear in either language: places, streets, plans, partners. */
static const char *shared_rare[] = {
  "Київ|Києва|Києві", "Львів|Львова|Львові", "Одеса|Одеси|Одесі", "Харків|Харкова|Харкові",
  "Дніпро", "Вінниця|Вінниці", "Полтава|Полтави|Полтаві", "Чернігів|Чернігова|Чернігові",
  "Житомир|Житомира|Житомирі", "Тернопіль|Тернополя|Тернополі", "Ужгород|Ужгорода|Ужгороді",
  "Луцьк|Луцька|Луцьку", "Рівне", "Черкаси|Черкасах", "Миколаїв|Миколаєва|Миколаєві",
  "Херсон|Херсона|Херсоні", "Хмельницький|Хмельницькому", "Чернівці|Чернівцях",
  "Запоріжжя", "Кропивницький|Кропивницькому", "Івано-Франківськ|Івано-Франківську",
  "Хрещатик|Хрещатику", "Сагайдачного", "Грушевського", "Бандери", "Лесі Українки",
  "Франка", "Стуса", "Пирогова", "Антоновича", "Городоцька|Городоцькій", "Зелена|Зеленій",
  "Гепард|Гепарда", "Сокіл|Сокола", "Беркут|Беркута", "Ягуар|Ягуара", "Орлан|Орлана",
  "Кондор|Кондора", "Пума|Пуми", "Рись|Рисі", "Футбол", "Кінозал|Кінозалу", "Дитячий|Дитячого",
  "Преміум", "Максимальний|Максимального", "Стартовий|Стартового", "Економ",
  "ПриватБанк|ПриватБанку", "Ощадбанк|Ощадбанку", "монобанк|монобанку", "Укрпошта|Укрпошти",
  "Нова Пошта|Нової Пошти", "Дія|Дії", "EasyPay", "iPay", "Portmone",
  "Keenetic", "TP-Link", "MikroTik", "Huawei", "ZTE", "Tenda", "Xiaomi", "Asus", "D-Link",
  "Ubiquiti", "Ростелеком", "Kyivstar", "lifecell", "Vodafone", "Воля|Волі", "Тріолан|Тріолана",
  "Оболонь|Оболоні", "Троєщина|Троєщині", "Позняки|Позняках", "Сихів|Сихові",
  "Салтівка|Салтівці", "Таїрова", "Виноградар|Виноградарі", "Борщагівка|Борщагівці",
};

static const char *ru_title_templates[] = {
  "Как настроить %s", "Не работает %s", "%s: что делать", "Что делать, если %s %s",
  "%s и %s", "Проблема с %s %s", "%s %s %s", "Инструкция: %s %s", "Вопросы про %s",
  "%s после %s", "Почему %s %s", "%s: частые вопросы",
};
static const char *uk_title_templates[] = {
  "Як налаштувати %s", "Не працює %s", "%s: що робити", "Що робити, якщо %s %s",
  "%s і %s", "Проблема з %s %s", "%s %s %s", "Інструкція: %s %s", "Питання щодо %s",
  "%s після %s", "Чому %s %s", "%s: часті питання",
};
static const char *categories[] = {
  "Интернет", "Оплата", "Телебачення", "Обладнання", "Договір", "Регламент",
};

/* Words sure not to be in the base. */
static const char *absent_words[] = {
  "фотосинтез", "квазар", "бегемот", "жирафа", "карбюратор", "палеонтолог", "синхрофазотрон",
  "акваланг", "вертоліт", "шоколадк", "бандура", "трембіта", "вареники", "космодром",
  "апельсин", "метеорит", "хризантем", "тромбон", "кенгуру", "пінгвін",
};

/* A vocabulary tier: lemmas, each with its forms, drawn Zipf-weighted. */
typedef struct {
  GPtrArray *lemmas;   /* GStrv of forms */
  double *cumulative;
} Tier;

typedef struct {
  Tier function, general, domain, rare;
  const char **title_templates;
  guint n_title_templates;
} Language;

#define MAX_TOPICS 8
#define MAX_NAMES  2

/* What one article is about: a few domain words and perhaps a name or two,
 * which is what makes some words common across the base and others rare. */
typedef struct {
  GStrv topics[MAX_TOPICS];
  guint n_topics;
  GStrv names[MAX_NAMES];
  guint n_names;
} Subject;

static void
tier_init (Tier         *tier,
           const char  **first,
           guint         n_first,
           const char  **second,
           guint         n_second,
           double        exponent)
{
  double sum = 0;

  tier->lemmas = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_first; i++)
    g_ptr_array_add (tier->lemmas, g_strsplit (first[i], "|", -1));
  for (guint i = 0; i < n_second; i++)
    g_ptr_array_add (tier->lemmas, g_strsplit (second[i], "|", -1));
  tier->cumulative = g_new (double, tier->lemmas->len);
  for (guint i = 0; i < tier->lemmas->len; i++)
    tier->cumulative[i] = (sum += 1.0 / pow (i + 1, exponent));
  for (guint i = 0; i < tier->lemmas->len; i++)
    tier->cumulative[i] /= sum;
}

static void
tier_clear (Tier *tier)
{
  g_clear_pointer (&tier->lemmas, g_ptr_array_unref);
  g_clear_pointer (&tier->cumulative, g_free);
}

/* Zipf exponents: topics are chosen flatter than running text, names
 * steeper, so that the base has words in most articles, in some, in few. */
static void
language_init (Language     *lang,
               const char  **function,
               guint         n_function,
               const char  **general,
               guint         n_general,
               const char  **domain,
               guint         n_domain,
               const char  **rare,
               guint         n_rare,
               const char  **title_templates,
               guint         n_title_templates)
{
  tier_init (&lang->function, function, n_function, NULL, 0, 1.0);
  tier_init (&lang->general, general, n_general, NULL, 0, 1.0);
  tier_init (&lang->domain, domain, n_domain, NULL, 0, 0.8);
  tier_init (&lang->rare, rare, n_rare, shared_rare, G_N_ELEMENTS (shared_rare), 1.3);
  lang->title_templates = title_templates;
  lang->n_title_templates = n_title_templates;
}

static void
language_clear (Language *lang)
{
  tier_clear (&lang->function);
  tier_clear (&lang->general);
  tier_clear (&lang->domain);
  tier_clear (&lang->rare);
}

static GStrv
tier_pick_lemma (Tier  *tier,
                 GRand *rand)
{
  double x = g_rand_double (rand);
  guint lo = 0, hi = tier->lemmas->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (tier->cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_ptr_array_index (tier->lemmas, lo);
}

static const char *
pick_form (GStrv  forms,
           GRand *rand)
{
  return forms[g_rand_int_range (rand, 0, g_strv_length (forms))];
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* Timing and statistics */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples, in milliseconds. */
static double
percentile_ms (GArray *sorted,
               double  p)
{
  gsize rank;

  if (sorted->len == 0)
    return 0;
  rank = (gsize) ceil (p / 100.0 * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1e6;
}

static GPtrArray *metrics;  /* "name=value" lines for the end */

static void
metric (const char *name,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
metric (const char *name,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (metrics, g_strdup_printf ("BENCH %s=%s", name, value));
}

static void
print_latency_row (const char *label,
                   GArray     *samples)
{
  glong pad = 34 - g_utf8_strlen (label, -1);

  g_array_sort (samples, compare_gint64);
  printf ("  %s%*s %8u %9.4f %9.4f %9.4f %9.4f\n", label, (int) MAX (pad, 0), "", samples->len,
          percentile_ms (samples, 50), percentile_ms (samples, 95), percentile_ms (samples, 99),
          percentile_ms (samples, 100));
}

static void
progress (const char *what,
          gsize       done,
          gsize       total)
{
  static int last = -1;
  int percent = total ? (int) (done * 100 / total) : 100;

  if (percent == last && done != total)
    return;
  last = done == total ? -1 : percent;
  fprintf (stderr, "\r  %-10s %3d%%%s", what, percent, done == total ? "\n" : "");
  fflush (stderr);
}

static void
on_signal (int signum)
{
  interrupted = 1;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static gint64
store_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return file_size (path) + file_size (wal);
}

static void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

static DeskStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  DeskSqliteStore *store = desk_sqlite_store_new (path, &error);

  if (store == NULL)
    g_error ("Cannot open the store %s: %s", path, error->message);
  /* Fixed creation times: the same seed makes the same file. */
  desk_store_set_clock (DESK_STORE (store), 1717200000);
  return DESK_STORE (store);
}

/* Clients and caller-ID */

static guint64
random_number (GRand *rand,
               guint  code)
{
  guint64 subscriber = (guint64) g_rand_int_range (rand, 2000000, 10000000);

  return G_GUINT64_CONSTANT (380000000000) + code * G_GUINT64_CONSTANT (10000000) + subscriber;
}

static guint
random_code (GRand *rand)
{
  static guint total;
  guint x;

  if (total == 0)
    for (guint i = 0; i < G_N_ELEMENTS (phone_codes); i++)
      total += phone_codes[i].weight;
  x = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (phone_codes); i++)
    {
      if (x < phone_codes[i].weight)
        return phone_codes[i].code;
      x -= phone_codes[i].weight;
    }
  g_assert_not_reached ();
}

static char *
client_name (GRand          *rand,
             DeskClientKind *kind)
{
  const Gendered *surname = &PICK (rand, surnames);
  gboolean female = g_rand_boolean (rand);
  const char *last = female && surname->female ? surname->female : surname->male;

  if (g_rand_int_range (rand, 0, 100) < 5)
    {
      *kind = DESK_CLIENT_KIND_ORGANIZATION;
      if (g_rand_int_range (rand, 0, 4) == 0)
        return g_strdup_printf ("ФОП %s %s", last,
                                female ? PICK (rand, first_female) : PICK (rand, first_male));
      return g_strdup_printf ("%s «%s%s»", PICK (rand, org_forms), PICK (rand, org_heads),
                              PICK (rand, org_tails));
    }
  *kind = DESK_CLIENT_KIND_PERSON;
  if (g_rand_int_range (rand, 0, 10) < 7)
    {
      const Gendered *patronymic = &PICK (rand, patronymics);
      return g_strdup_printf ("%s %s %s", last,
                              female ? PICK (rand, first_female) : PICK (rand, first_male),
                              female ? patronymic->female : patronymic->male);
    }
  return g_strdup_printf ("%s %s", female ? PICK (rand, first_female) : PICK (rand, first_male),
                          last);
}

/* Without a store, only replays the generator for the numbers. */
static double
load_clients (DeskStore *store,
              int        n,
              GArray    *numbers)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr (GError) error = NULL;
  gint64 start = now_ns ();
  double seconds;

  for (int i = 0; i < n && !interrupted; i += CLIENT_BATCH)
    {
      if (store && !desk_store_begin (store, &error))
        g_error ("begin: %s", error->message);
      for (int j = i; j < MIN (n, i + CLIENT_BATCH); j++)
        {
          DeskClientKind kind;
          g_autofree char *name = client_name (rand, &kind);
          g_autoptr (DeskClient) client = desk_client_new (kind, name);
          int phones = g_rand_int_range (rand, 0, 100) < 40 ? 2 : 1;
          guint64 previous = 0;

          for (int k = 0; k < phones; k++)
            {
              guint64 number;
              char e164[24];

              do
                number = random_number (rand, random_code (rand));
              while (number == previous);
              previous = number;
              g_snprintf (e164, sizeof e164, "+%" G_GUINT64_FORMAT, number);
              g_assert (desk_phone_is_e164 (e164));
              desk_client_add_phone (client, e164, PICK (rand, phone_labels));
              g_array_append_val (numbers, number);
            }
          if (store && desk_store_add_client (store, 0, client, &error) == 0)
            g_error ("add_client: %s", error->message);
        }
      if (store && !desk_store_commit (store, &error))
        g_error ("commit: %s", error->message);
      progress ("clients", MIN (n, i + CLIENT_BATCH), n);
    }
  seconds = (now_ns () - start) / 1e9;
  return seconds;
}

typedef struct {
  guint none, one, several;
} LookupCounts;

static GArray *
run_lookups (DeskStore    *store,
             GArray       *numbers,
             guint         n,
             LookupCounts *counts)
{
  g_autoptr (GError) error = NULL;
  GArray *samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < n && !interrupted; i++)
    {
      char e164[24];
      g_autoptr (GArray) ids = NULL;
      gint64 t0, t1;

      g_snprintf (e164, sizeof e164, "+%" G_GUINT64_FORMAT,
                  g_array_index (numbers, guint64, i));
      t0 = now_ns ();
      ids = desk_store_find_clients_by_phone (store, e164, &error);
      t1 = now_ns ();
      if (ids == NULL)
        g_error ("find_clients_by_phone %s: %s", e164, error->message);
      t1 -= t0;
      g_array_append_val (samples, t1);
      if (ids->len == 0)
        counts->none++;
      else if (ids->len == 1)
        counts->one++;
      else
        counts->several++;
    }
  return samples;
}

static void
shuffle (GRand   *rand,
         gpointer data,
         gsize    n,
         gsize    size)
{
  g_autofree guint8 *tmp = g_malloc (size);
  guint8 *base = data;

  for (gsize i = n; i > 1; i--)
    {
      gsize j = g_rand_int_range (rand, 0, i);
      memcpy (tmp, base + (i - 1) * size, size);
      memmove (base + (i - 1) * size, base + j * size, size);
      memcpy (base + j * size, tmp, size);
    }
}

static void
bench_lookups (const char *path,
               GArray     *numbers)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_autoptr (GArray) hits = g_array_sized_new (FALSE, FALSE, sizeof (guint64), opt_lookups);
  g_autoptr (GArray) misses = g_array_sized_new (FALSE, FALSE, sizeof (guint64), opt_lookups);
  g_autoptr (GArray) first = NULL;
  g_autoptr (GArray) warm = NULL;
  g_autoptr (GArray) absent = NULL;
  g_autoptr (DeskStore) store = NULL;
  LookupCounts first_counts, warm_counts, miss_counts;

  for (int i = 0; i < opt_lookups; i++)
    {
      guint64 hit = g_array_index (numbers, guint64, g_rand_int_range (rand, 0, numbers->len));
      guint64 miss = random_number (rand, MISS_CODE);
      g_array_append_val (hits, hit);
      g_array_append_val (misses, miss);
    }

  /* A freshly opened store, as after the office starts: SQLite's own cache
   * is empty, the kernel's page cache is not (the file was just written). */
  store = open_store (path);
  first = run_lookups (store, hits, hits->len, &first_counts);
  shuffle (rand, hits->data, hits->len, sizeof (guint64));
  warm = run_lookups (store, hits, hits->len, &warm_counts);
  absent = run_lookups (store, misses, misses->len, &miss_counts);
  if (interrupted)
    return;
  g_assert_cmpuint (first_counts.none, ==, 0);
  g_assert_cmpuint (miss_counts.one + miss_counts.several, ==, 0);

  printf ("\nCaller-ID lookup (desk_store_find_clients_by_phone), milliseconds\n");
  printf ("  %-34s %8s %9s %9s %9s %9s\n", "", "calls", "p50", "p95", "p99", "max");
  print_latency_row ("first pass, fresh connection", first);
  print_latency_row ("warm, existing numbers", warm);
  print_latency_row ("misses, numbers not in the base", absent);
  printf ("  answers: %u one client, %u several clients (shared numbers), %u misses\n",
          warm_counts.one, warm_counts.several, miss_counts.none);

  metric ("lookup_first_p50_ms", "%.4f", percentile_ms (first, 50));
  metric ("lookup_first_p99_ms", "%.4f", percentile_ms (first, 99));
  metric ("lookup_warm_p50_ms", "%.4f", percentile_ms (warm, 50));
  metric ("lookup_warm_p95_ms", "%.4f", percentile_ms (warm, 95));
  metric ("lookup_warm_p99_ms", "%.4f", percentile_ms (warm, 99));
  metric ("lookup_warm_max_ms", "%.4f", percentile_ms (warm, 100));
  metric ("lookup_miss_p50_ms", "%.4f", percentile_ms (absent, 50));
  metric ("lookup_miss_p99_ms", "%.4f", percentile_ms (absent, 99));
  metric ("lookup_warm_p99_target_met", "%s",
          percentile_ms (warm, 99) <= TARGET_LOOKUP_P99_MS ? "yes" : "no");
}

/* Knowledge base */

static void
append_capitalized (GString    *out,
                    const char *word)
{
  gunichar c = g_utf8_get_char (word);

  g_string_append_unichar (out, g_unichar_toupper (c));
  g_string_append (out, g_utf8_next_char (word));
}

static void
pick_subject (Subject  *subject,
              Language *lang,
              GRand    *rand)
{
  subject->n_topics = 0;
  for (guint want = g_rand_int_range (rand, 4, MAX_TOPICS + 1); subject->n_topics < want;)
    {
      GStrv lemma = tier_pick_lemma (&lang->domain, rand);
      gboolean dup = FALSE;

      for (guint i = 0; i < subject->n_topics; i++)
        dup |= subject->topics[i] == lemma;
      if (!dup)
        subject->topics[subject->n_topics++] = lemma;
    }
  subject->n_names = g_rand_int_range (rand, 0, MAX_NAMES + 1);
  for (guint i = 0; i < subject->n_names; i++)
    subject->names[i] = tier_pick_lemma (&lang->rare, rand);
}

static const char *
draw_word (Language *lang,
           Subject  *subject,
           GRand    *rand)
{
  double r = g_rand_double (rand);

  if (r < 0.40)
    return pick_form (tier_pick_lemma (&lang->function, rand), rand);
  if (r < 0.55)
    return pick_form (tier_pick_lemma (&lang->general, rand), rand);
  if (r < 0.97 || subject->n_names == 0)
    return pick_form (subject->topics[g_rand_int_range (rand, 0, subject->n_topics)], rand);
  return pick_form (subject->names[g_rand_int_range (rand, 0, subject->n_names)], rand);
}

static void
make_body (GString  *body,
           Language *lang,
           Subject  *subject,
           GRand    *rand)
{
  int words = g_rand_int_range (rand, 150, 601);
  int sentence = 0, sentence_length = 0, sentences = 0;

  g_string_truncate (body, 0);
  for (int i = 0; i < words; i++)
    {
      const char *word = draw_word (lang, subject, rand);

      if (sentence == 0)
        {
          sentence_length = g_rand_int_range (rand, 6, 15);
          append_capitalized (body, word);
        }
      else
        {
          g_string_append_c (body, ' ');
          g_string_append (body, word);
        }
      if (++sentence == sentence_length || i == words - 1)
        {
          g_string_append_c (body, '.');
          sentence = 0;
          if (i < words - 1)
            g_string_append (body, ++sentences % 5 == 0 ? "\n\n" : " ");
        }
      else if (g_rand_int_range (rand, 0, 12) == 0)
        g_string_append_c (body, ',');
    }
}

/* A title names the article's main topics, and its name if it has one. */
static void
make_title (GString  *title,
            Language *lang,
            Subject  *subject,
            GRand    *rand)
{
  const char *template = lang->title_templates[g_rand_int_range (rand, 0,
                                                                 lang->n_title_templates)];
  g_autofree char *text = NULL;
  const char *w[3];

  w[0] = pick_form (subject->topics[0], rand);
  w[1] = pick_form (subject->topics[1], rand);
  w[2] = subject->n_names ? pick_form (subject->names[0], rand)
                          : pick_form (subject->topics[2], rand);
  if (subject->n_names && g_rand_boolean (rand))
    {
      const char *name = w[2];
      w[2] = w[1];
      w[1] = name;
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  text = g_strdup_printf (template, w[0], w[1], w[2]);
#pragma GCC diagnostic pop
  g_string_truncate (title, 0);
  append_capitalized (title, text);
}

static void
load_articles (DeskStore *store,
               int        n,
               Language  *ru,
               Language  *uk,
               double    *seconds,
               gint64    *text_bytes)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED + 2);
  g_autoptr (GString) title = g_string_new (NULL);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gint64 start = now_ns ();

  *text_bytes = 0;
  for (int i = 0; i < n && !interrupted; i += ARTICLE_BATCH)
    {
      if (!desk_store_begin (store, &error))
        g_error ("begin: %s", error->message);
      for (int j = i; j < MIN (n, i + ARTICLE_BATCH); j++)
        {
          Language *lang = g_rand_int_range (rand, 0, 100) < 45 ? uk : ru;
          DeskArticle article = { 0 };
          Subject subject;

          pick_subject (&subject, lang, rand);
          make_title (title, lang, &subject, rand);
          make_body (body, lang, &subject, rand);
          article.title = title->str;
          article.body = body->str;
          article.visibility = g_rand_int_range (rand, 0, 100) < 60 ? DESK_VISIBILITY_PUBLIC
                                                                    : DESK_VISIBILITY_INTERNAL;
          article.category = (char *) PICK (rand, categories);
          *text_bytes += title->len + body->len;
          if (desk_store_add_article (store, &article, &error) == 0)
            g_error ("add_article: %s", error->message);
        }
      if (!desk_store_commit (store, &error))
        g_error ("commit: %s", error->message);
      progress ("articles", MIN (n, i + ARTICLE_BATCH), n);
    }
  *seconds = (now_ns () - start) / 1e9;
}

/* What an operator types: a stem (a word cut short), sometimes from the
 * middle of the word, in any case. */
static char *
stem (const char *word,
      GRand      *rand)
{
  glong n = g_utf8_strlen (word, -1);
  glong from = 0, to = n;

  if (n > 5)
    to = n - g_rand_int_range (rand, 0, MIN (3, n - 4) + 1);
  if (to - from > 6 && g_rand_int_range (rand, 0, 100) < 15)
    from = g_rand_int_range (rand, 1, 3);
  return g_utf8_substring (word, from, to);
}

static char *
style_query (char  *query,
             GRand *rand)
{
  int r = g_rand_int_range (rand, 0, 100);
  g_autoptr (GString) out = NULL;

  if (r >= 15)
    return query;
  if (r < 5)
    {
      char *upper = g_utf8_strup (query, -1);
      g_free (query);
      return upper;
    }
  out = g_string_new (NULL);
  append_capitalized (out, query);
  g_free (query);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
lemma_form (Tier  *tier,
            guint  from,
            guint  to,
            GRand *rand)
{
  to = MIN (to, tier->lemmas->len);
  return pick_form (g_ptr_array_index (tier->lemmas, g_rand_int_range (rand, from, to)), rand);
}

static GPtrArray *
make_queries (Language *ru,
              Language *uk)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED + 3);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < 200; i++)
    {
      Language *lang = g_rand_boolean (rand) ? uk : ru;
      char *query;

      if (i < 40)        /* the most frequent domain words */
        query = stem (lemma_form (&lang->domain, 0, 25, rand), rand);
      else if (i < 75)   /* the rest of the domain */
        query = stem (lemma_form (&lang->domain, 25, G_MAXUINT, rand), rand);
      else if (i < 120)  /* rare terms and names */
        query = stem (lemma_form (&lang->rare, 0, G_MAXUINT, rand), rand);
      else if (i < 125)  /* words every article has */
        query = stem (lemma_form (&lang->general, 0, 20, rand), rand);
      else if (i < 135)  /* three letters, the shortest the index answers */
        query = g_utf8_substring (lemma_form (&lang->domain, 0, G_MAXUINT, rand), 0, 3);
      else if (i < 180)  /* two words */
        {
          g_autofree char *a = stem (lemma_form (&lang->domain, 0, 40, rand), rand);
          g_autofree char *b = stem (i % 2 ? lemma_form (&lang->rare, 0, G_MAXUINT, rand)
                                           : lemma_form (&lang->domain, 0, G_MAXUINT, rand),
                                     rand);
          query = g_strdup_printf ("%s %s", a, b);
        }
      else               /* nothing to find */
        query = g_strdup (absent_words[i - 180]);
      g_ptr_array_add (queries, style_query (query, rand));
    }
  return queries;
}

/* How many articles a query matches at all (title or text), counted apart
 * from the store, untimed, to describe the query mix. The FTS query is
 * built the way the store builds it: every word of three or more
 * characters, words split at spaces, punctuation, quotes and apostrophes
 * (the generated queries need no escaping). */
static gint64
count_matches (sqlite3    *db,
               const char *text)
{
  g_autoptr (GString) match = g_string_new (NULL);
  const char *start = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && !g_unichar_isspace (c) && !(c < 0x80 && strchr (",.;:!?()[]{}\"'", c)) &&
          c != 0x00AB && c != 0x00BB && c != 0x2019 && c != 0x02BC)
        {
          start = start ? start : p;
          continue;
        }
      if (start && g_utf8_strlen (start, p - start) >= 3)
        g_string_append_printf (match, "%s\"%.*s\"", match->len ? " AND " : "",
                                (int) (p - start), start);
      start = NULL;
      if (c == 0)
        break;
    }
  if (db == NULL || match->len == 0 ||
      sqlite3_prepare_v2 (db,
        "SELECT count(*) FROM (SELECT rowid FROM kb_titles_fts WHERE kb_titles_fts MATCH ?1 "
        "UNION SELECT rowid FROM kb_bodies_fts WHERE kb_bodies_fts MATCH ?1)",
        -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

typedef struct {
  char *text;
  GArray *samples;   /* gint64 ns, warm rounds */
  guint returned;
  gint64 matches;
  double median_ms;
} Query;

static void
query_free (Query *query)
{
  g_free (query->text);
  g_array_unref (query->samples);
  g_free (query);
}

static int
compare_slower (gconstpointer a,
                gconstpointer b)
{
  const Query *x = *(Query * const *) a, *y = *(Query * const *) b;
  return (x->median_ms < y->median_ms) - (x->median_ms > y->median_ms);
}

static const struct { const char *label; gint64 below; } buckets[] = {
  { "no match", 1 }, { "1–100 articles", 101 }, { "101–1,000", 1001 },
  { "1,001–10,000", 10001 }, { "10,001–50,000", 50001 }, { "over 50,000", G_MAXINT64 },
};

static void
bench_search (DeskStore  *store,
              const char *path,
              Language   *ru,
              Language   *uk)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED + 4);
  g_autoptr (GPtrArray) texts = make_queries (ru, uk);
  g_autoptr (GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) query_free);
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) warm = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) portal = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) returned = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  guint no_match = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      Query *query = g_new0 (Query, 1);
      query->text = g_strdup (g_ptr_array_index (texts, i));
      query->samples = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (queries, query);
    }
  order = g_ptr_array_copy (queries, NULL, NULL);
  g_ptr_array_set_free_func (order, NULL);

  for (int round = 0; round < MAX (opt_rounds, 2) && !interrupted; round++)
    {
      shuffle (rand, order->pdata, order->len, sizeof (gpointer));
      for (guint i = 0; i < order->len && !interrupted; i++)
        {
          Query *query = g_ptr_array_index (order, i);
          g_autoptr (GPtrArray) hits = NULL;
          gint64 t0, t;

          t0 = now_ns ();
          hits = desk_store_search_articles (store, query->text, FALSE, opt_limit, &error);
          t = now_ns () - t0;
          if (hits == NULL)
            g_error ("search_articles “%s”: %s", query->text, error->message);
          query->returned = hits->len;
          if (round == 0)
            {
              g_array_append_val (first, t);
              continue;
            }
          g_array_append_val (warm, t);
          g_array_append_val (query->samples, t);

          /* The same query from the self-care portal: public articles only. */
          g_clear_pointer (&hits, g_ptr_array_unref);
          t0 = now_ns ();
          hits = desk_store_search_articles (store, query->text, TRUE, opt_limit, &error);
          t = now_ns () - t0;
          if (hits == NULL)
            g_error ("search_articles “%s”: %s", query->text, error->message);
          g_array_append_val (portal, t);
        }
      progress ("search", round + 1, MAX (opt_rounds, 2));
    }
  if (interrupted)
    return;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_clear_pointer (&db, sqlite3_close);
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = g_ptr_array_index (queries, i);
      gint64 n = query->returned;

      query->matches = count_matches (db, query->text);
      no_match += query->matches == 0;
      g_array_append_val (returned, n);
    }
  g_clear_pointer (&db, sqlite3_close);

  printf ("\nKnowledge base search (desk_store_search_articles, limit %d), milliseconds\n",
          opt_limit);
  printf ("  %-34s %8s %9s %9s %9s %9s\n", "", "calls", "p50", "p95", "p99", "max");
  print_latency_row ("first round, fresh connection", first);
  print_latency_row ("warm rounds", warm);
  print_latency_row ("warm, public only (portal)", portal);
  printf ("  by how many articles the query matches (warm):\n");
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *label = NULL;
      guint n = 0;

      for (guint i = 0; i < queries->len; i++)
        {
          Query *query = g_ptr_array_index (queries, i);
          if (query->matches >= (b ? buckets[b - 1].below : 0) && query->matches < buckets[b].below)
            {
              g_array_append_vals (samples, query->samples->data, query->samples->len);
              n++;
            }
        }
      if (n == 0)
        continue;
      label = g_strdup_printf ("  %s (%u queries)", buckets[b].label, n);
      print_latency_row (label, samples);
    }
  g_array_sort (returned, compare_gint64);
  printf ("  results returned per query: median %" G_GINT64_FORMAT ", min %" G_GINT64_FORMAT
          " (of %d asked); %u queries match nothing\n",
          g_array_index (returned, gint64, returned->len / 2), g_array_index (returned, gint64, 0),
          opt_limit, no_match);

  /* The slowest queries say where the time goes. */
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = g_ptr_array_index (queries, i);
      g_array_sort (query->samples, compare_gint64);
      query->median_ms = percentile_ms (query->samples, 50);
    }
  g_ptr_array_sort (queries, compare_slower);
  printf ("  %s (median ms, articles matched, returned):\n",
          opt_verbose ? "every query" : "slowest queries");
  for (guint i = 0; i < (opt_verbose ? queries->len : MIN (10, queries->len)); i++)
    {
      Query *query = g_ptr_array_index (queries, i);
      glong pad = 30 - g_utf8_strlen (query->text, -1);

      printf ("    %s%*s %8.3f %8" G_GINT64_FORMAT " %4u\n", query->text, (int) MAX (pad, 0), "",
              query->median_ms, query->matches, query->returned);
    }

  metric ("search_queries", "%u", queries->len);
  metric ("search_limit", "%d", opt_limit);
  metric ("search_first_round_p95_ms", "%.3f", percentile_ms (first, 95));
  metric ("search_p50_ms", "%.3f", percentile_ms (warm, 50));
  metric ("search_p95_ms", "%.3f", percentile_ms (warm, 95));
  metric ("search_p99_ms", "%.3f", percentile_ms (warm, 99));
  metric ("search_max_ms", "%.3f", percentile_ms (warm, 100));
  metric ("search_portal_p95_ms", "%.3f", percentile_ms (portal, 95));
  metric ("search_p95_target_met", "%s",
          percentile_ms (warm, 95) <= TARGET_SEARCH_P95_MS ? "yes" : "no");
}

static void
load (const char *path,
      GArray     *numbers,
      Language   *ru,
      Language   *uk)
{
  g_autoptr (DeskStore) store = open_store (path);
  double seconds;
  gint64 text_bytes, size_clients;

  seconds = load_clients (store, opt_clients, numbers);
  if (interrupted)
    return;
  size_clients = store_size (path);
  printf ("\nLoad (batches of %d clients, %d articles per transaction)\n", CLIENT_BATCH,
          ARTICLE_BATCH);
  printf ("  %-34s %8d in %6.1f s, %7.0f /s (%u phones)\n", "clients", opt_clients, seconds,
          opt_clients / seconds, numbers->len);
  metric ("clients", "%d", opt_clients);
  metric ("clients_insert_per_s", "%.0f", opt_clients / seconds);

  load_articles (store, opt_articles, ru, uk, &seconds, &text_bytes);
  if (interrupted)
    return;
  printf ("  %-34s %8d in %6.1f s, %7.0f /s (%.1f MB of text, %.1f MB/s)\n", "articles",
          opt_articles, seconds, opt_articles / seconds, text_bytes / 1e6,
          text_bytes / 1e6 / seconds);
  printf ("  %-34s %8.1f MB (clients alone %.1f MB)\n", "database file", store_size (path) / 1e6,
          size_clients / 1e6);
  metric ("articles", "%d", opt_articles);
  metric ("articles_insert_per_s", "%.0f", opt_articles / seconds);
  metric ("articles_text_mb", "%.1f", text_bytes / 1e6);
  metric ("db_size_mb", "%.1f", store_size (path) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- benchmark the office store");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) numbers = NULL;
  g_autoptr (DeskStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Language ru = { 0 }, uk = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Loads generated clients and knowledge base articles into a temporary store and\n"
    "measures caller-ID lookups and article search through the DeskStore API.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_quick)
    {
      opt_clients = MIN (opt_clients, 50000);
      opt_articles = MIN (opt_articles, 5000);
      opt_lookups = MIN (opt_lookups, 20000);
    }
  if (opt_clients < 1 || opt_articles < 1 || opt_lookups < 1 || opt_limit < 1)
    {
      g_printerr ("--clients, --articles, --lookups and --limit must be positive\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  metrics = g_ptr_array_new_with_free_func (g_free);
  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);

  if (opt_reuse)
    {
      dir = g_strdup (opt_reuse);
      opt_keep = TRUE;
    }
  else
    {
      g_autofree char *template = g_build_filename (opt_dir ? opt_dir : g_get_tmp_dir (),
                                                    "frontdesk-bench-XXXXXX", NULL);
      if (g_mkdtemp (template) == NULL)
        {
          g_printerr ("Cannot create a directory from %s: %s\n", template, g_strerror (errno));
          return 1;
        }
      dir = g_steal_pointer (&template);
    }
  path = g_build_filename (dir, "office.db", NULL);
  if (opt_reuse && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("No store at %s\n", path);
      return 1;
    }

  language_init (&ru, ru_function, G_N_ELEMENTS (ru_function), ru_general,
                 G_N_ELEMENTS (ru_general), ru_domain, G_N_ELEMENTS (ru_domain), ru_rare,
                 G_N_ELEMENTS (ru_rare), ru_title_templates, G_N_ELEMENTS (ru_title_templates));
  language_init (&uk, uk_function, G_N_ELEMENTS (uk_function), uk_general,
                 G_N_ELEMENTS (uk_general), uk_domain, G_N_ELEMENTS (uk_domain), uk_rare,
                 G_N_ELEMENTS (uk_rare), uk_title_templates, G_N_ELEMENTS (uk_title_templates));

  printf ("Frontdesk store benchmark: %d clients, %d articles, SQLite %s, %u CPUs\n",
          opt_clients, opt_articles, sqlite3_libversion (), g_get_num_processors ());
  printf ("data: %s%s\n", path, opt_reuse ? " (reused, nothing loaded)"
                          : opt_keep ? " (kept)" : " (removed at the end)");

  numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (opt_reuse)
    load_clients (NULL, opt_clients, numbers);
  else
    load (path, numbers, &ru, &uk);
  if (interrupted)
    goto out;

  bench_lookups (path, numbers);
  if (interrupted)
    goto out;

  store = open_store (path);
  bench_search (store, path, &ru, &uk);
  if (interrupted)
    goto out;

  printf ("\nTargets (warm lookup p99 ≤ %.1f ms; search p95 ≤ %.0f ms)\n", TARGET_LOOKUP_P99_MS,
          TARGET_SEARCH_P95_MS);
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *line = g_ptr_array_index (metrics, i);
      if (strstr (line, "target_met="))
        printf ("  %s\n", line + strlen ("BENCH "));
    }
  printf ("\n");
  for (guint i = 0; i < metrics->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (metrics, i));

out:
  g_clear_object (&store);
  if (interrupted)
    g_printerr ("\nInterrupted.\n");
  if (!opt_keep)
    remove_dir (dir);
  else
    printf ("data kept in %s\n", dir);
  language_clear (&ru);
  language_clear (&uk);
  g_clear_pointer (&metrics, g_ptr_array_unref);
  return interrupted ? 130 : 0;
}
