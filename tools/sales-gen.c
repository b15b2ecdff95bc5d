/*
 * sales-gen — a deterministic generator of realistic sales data: a complete
 * data directory (every file of DESIGN §2) for the demo, tests and the
 * benchmark.
 *
 *   sales-gen [--seed N] [--today DATE] [--years N] [--reps N] [--leads N]
 *             [--accounts N] [--deals N] [--activities N] [--feedback N] DIR
 *   sales-gen --verify DIR
 *
 * The same options give the same bytes: one PRNG stream (xoshiro256**),
 * integer schedules, and only + - * / on doubles (exp and log are computed
 * here, not by libm), so any machine with IEEE-754 doubles (no x87 excess
 * precision, no fused multiply-add: -std=c11 does not contract) writes the
 * same files.
 *
 * The model is a day-by-day simulation from today minus --years up to
 * the day before --today (the data is "as of" midnight, UTC):
 * - On the first day the customer base and the open pipeline are imported
 *   (sales-import in history.csv), as when a team moves from another CRM.
 * - 3 teams (Americas, EMEA, APAC) with a manager each, account executives
 *   (ae) who own deals, SDRs who work leads; hire dates, two reps who left
 *   (active=no; their open deals move to a colleague that day).
 * - Each rep has a win rate, a speed, a deal size, a weak stage and an
 *   activity level, so per-rep reports and coaching have signal.
 * - Counts per day follow a schedule with seasonality (weak summer, strong
 *   Q4), weekdays, and 30% yearly growth; totals are exact.
 * - A deal's whole life is drawn when it is created: stages with durations
 *   by segment, won, lost (and why), stalled, close dates that slip; events
 *   after the cut-off do not happen. The deal row holds its state at the
 *   cut-off; history.csv gets every event in time order (a heap holds the
 *   future events of deals in flight).
 * - Leads go new -> contacted -> qualified -> converted or disqualified;
 *   a conversion makes an account, a contact and a deal, as lead-convert
 *   does. Some leads are duplicates of earlier ones (for lead-dedupe), some
 *   have no owner yet (for lead-assign).
 * - Names, companies, phones, notes in English, Spanish, Portuguese, German,
 *   French, Nordic languages, Chinese, Japanese and Korean; some company
 *   names hold commas and quotes, some notes span lines.
 * - Quotas (per ae and per team, per quarter and year) are planned top-down
 *   from the company's bookings of the year before plus growth; the budget
 *   spends per lead source at different returns; saas wins start
 *   subscriptions that may churn; customers answer NPS surveys.
 *
 * Memory is per rep and per account (plus the events of deals in flight);
 * rows are streamed. --verify reads a directory back through libsales and
 * checks every value is valid and in its stored form and every reference
 * resolves.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "entities.h"
#include "err.h"
#include "schema.h"
#include "store.h"
#include "text.h"
#include "validate.h"
#include "value.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *prog = "sales-gen";

static const char usage_text[] =
    "usage: sales-gen [--seed N] [--today DATE] [--years N] [--reps N] [--leads N]\n"
    "                 [--accounts N] [--deals N] [--activities N] [--feedback N] DIR\n"
    "       sales-gen --verify DIR\n";

static const char help_text[] =
    "\n"
    "Write a complete data directory of generated sales data into DIR (created;\n"
    "it must not hold data files yet). The same options give the same bytes.\n"
    "\n"
    "  --seed N        random seed (default 1)\n"
    "  --today DATE    the data is as of this day, YYYY-MM-DD (default: today,\n"
    "                  or $SALES_NOW); pass it for reproducible output\n"
    "  --years N       history length (default 2)\n"
    "  --reps N        sales reps (default 12: 3 teams)\n"
    "  --deals N       deals (default 1000)\n"
    "  --leads N       leads (default deals / 2)\n"
    "  --accounts N    accounts (default deals * 3 / 10)\n"
    "  --activities N  activities (default deals * 5)\n"
    "  --feedback N    feedback rows (default accounts / 2)\n"
    "  -v, --verbose   print counts and sizes to stderr\n"
    "  --verify DIR    check an existing directory: every value valid and in its\n"
    "                  stored form, every reference known, deals readable\n";

/* ---- deterministic randomness ------------------------------------------ */

static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void
rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rs[i] = splitmix(&seed);
}

static uint64_t
rnd(void)
{
    uint64_t r = rs[1] * 5, t = rs[1] << 17;
    r = ((r << 7) | (r >> 57)) * 9;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = (rs[3] << 45) | (rs[3] >> 19);
    return r;
}

/* a number in [0, n) (n > 0) */
static uint32_t
below(uint32_t n)
{
    return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* a number in [lo, hi] */
static int64_t
range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)below((uint32_t)(hi - lo + 1));
}

/* a double in [0, 1), exact */
static double
unit(void)
{
    return (double)(rnd() >> 11) * 0x1.0p-53;
}

static int
chance(double p)
{
    return unit() < p;
}

/* exp and log from + - * / only (frexp and ldexp are exact), so every
 * IEEE machine computes the same bits. */
static double
det_exp(double x)
{
    const double ln2 = 0.69314718055994530942;
    if (x < -700)
        return 0;
    if (x > 700)
        x = 700;
    int k = (int)floor(x / ln2 + 0.5);
    double r = x - k * ln2, term = 1, sum = 1;
    for (int i = 1; i < 20; i++) {
        term = term * r / i;
        sum += term;
    }
    return ldexp(sum, k);
}

static double
det_log(double x)
{
    const double ln2 = 0.69314718055994530942, sqrt1_2 = 0.70710678118654752440;
    int e;
    double m = frexp(x, &e);
    if (m < sqrt1_2) {
        m *= 2;
        e--;
    }
    double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
    for (int i = 1; i < 40; i += 2) {
        sum += term / i;
        term *= s2;
    }
    return 2 * sum + e * ln2;
}

/* standard normal (Irwin-Hall), and a right-skewed positive of mean 1 */
static double
normal(void)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += unit();
    return s - 6;
}

static double
gamma2(void)
{
    return (-det_log(1 - unit()) - det_log(1 - unit())) / 2;
}

/* index picked by integer weights */
static int
pickw(const int *w, int n)
{
    int64_t total = 0, r;
    for (int i = 0; i < n; i++)
        total += w[i];
    if (total <= 0)
        return 0;
    r = (int64_t)below((uint32_t)total);
    for (int i = 0; i < n; i++) {
        if (r < w[i])
            return i;
        r -= w[i];
    }
    return n - 1;
}

#define PICK(a) ((a)[below((uint32_t)N(a))])

/* ---- languages: names, companies, phones, text ------------------------- */

struct np {
    const char *d, *r; /* as displayed; ASCII for emails and domains */
};

/* a company name pattern: %W word, %I industry, %C city, %S and %T surnames */
struct cpat {
    const char *d, *r;
};

enum { L_EN, L_ES, L_PT, L_DE, L_FR, L_NO, L_ZH, L_JA, L_KO, NLOC };

/* activity types, in schema order */
enum { A_CALL, A_EMAIL, A_MEETING, A_DEMO, A_CHAT, A_SOCIAL, A_NOTE, A_TASK, NATYPE };

struct locale {
    const struct np *first; /* given names */
    int nfirst;
    const struct np *last; /* family names */
    int nlast;
    int family_first;      /* family name shown first */
    const char *sep;       /* between the two names */
    const struct np *word; /* company words, industries, cities */
    int nword;
    const struct np *ind;
    int nind;
    const struct np *city;
    int ncity;
    const struct cpat *pat;
    int npat;
    const char *const *tld;
    int ntld;
    const char *const *freemail;
    int nfree;
    const char *const *phone; /* '#' is a digit */
    int nphone;
    const char *const *title;
    int ntitle;
    const char *const *note; /* may span lines and hold quotes */
    int nnote;
    const char *const *fb_good; /* feedback comments */
    int nfb_good;
    const char *const *fb_bad;
    int nfb_bad;
    const char *subject[NATYPE]; /* a subject in the language, or NULL */
    const char *product[4];      /* a product name per segment, or NULL */
};

#define ARR(a) a, (int)N(a)

/* English */
static const struct np en_first[] = {
    {"James", "james"},     {"Mary", "mary"},
    {"Robert", "robert"},   {"Patricia", "patricia"},
    {"John", "john"},       {"Jennifer", "jennifer"},
    {"Michael", "michael"}, {"Linda", "linda"},
    {"David", "david"},     {"Elizabeth", "elizabeth"},
    {"Sarah", "sarah"},     {"Daniel", "daniel"},
    {"Emily", "emily"},     {"Chris", "chris"},
    {"Jessica", "jessica"}, {"Matthew", "matthew"},
    {"Ashley", "ashley"},   {"Andrew", "andrew"},
    {"Olivia", "olivia"},   {"Liam", "liam"},
    {"Noah", "noah"},       {"Emma", "emma"},
    {"Ava", "ava"},         {"Ethan", "ethan"},
    {"Mia", "mia"},         {"Grace", "grace"},
    {"Jack", "jack"},       {"Chloe", "chloe"},
    {"Ryan", "ryan"},       {"Zoë", "zoe"},
};
static const struct np en_last[] = {
    {"Smith", "smith"},     {"Johnson", "johnson"},   {"Williams", "williams"},
    {"Brown", "brown"},     {"Jones", "jones"},       {"Miller", "miller"},
    {"Davis", "davis"},     {"Wilson", "wilson"},     {"Anderson", "anderson"},
    {"Taylor", "taylor"},   {"Thomas", "thomas"},     {"Moore", "moore"},
    {"Martin", "martin"},   {"Thompson", "thompson"}, {"White", "white"},
    {"Harris", "harris"},   {"Clark", "clark"},       {"Lewis", "lewis"},
    {"Walker", "walker"},   {"Hall", "hall"},         {"O'Brien", "obrien"},
    {"O'Neill", "oneill"},  {"McDonald", "mcdonald"}, {"Campbell", "campbell"},
    {"Stewart", "stewart"}, {"Murphy", "murphy"},     {"Kelly", "kelly"},
    {"Wright", "wright"},   {"Scott", "scott"},       {"Baker", "baker"},
    {"Nguyen", "nguyen"},   {"Patel", "patel"},
};
static const struct np en_word[] = {
    {"Northwind", "northwind"},   {"Bluebird", "bluebird"},     {"Summit", "summit"},
    {"Harbor", "harbor"},         {"Redwood", "redwood"},       {"Keystone", "keystone"},
    {"Pioneer", "pioneer"},       {"Evergreen", "evergreen"},   {"Atlas", "atlas"},
    {"Beacon", "beacon"},         {"Cobalt", "cobalt"},         {"Granite", "granite"},
    {"Meridian", "meridian"},     {"Oakridge", "oakridge"},     {"Silverline", "silverline"},
    {"Tidewater", "tidewater"},   {"Brightpath", "brightpath"}, {"Clearwater", "clearwater"},
    {"Ironbridge", "ironbridge"}, {"Lakeside", "lakeside"},     {"Maple Leaf", "mapleleaf"},
    {"Orchard", "orchard"},       {"Riverbend", "riverbend"},   {"Stonegate", "stonegate"},
    {"Westfield", "westfield"},   {"Copperleaf", "copperleaf"},
};
static const struct np en_ind[] = {
    {"Technologies", "tech"},     {"Logistics", "logistics"}, {"Health", "health"},
    {"Foods", "foods"},           {"Analytics", "analytics"}, {"Manufacturing", "mfg"},
    {"Consulting", "consulting"}, {"Retail", "retail"},       {"Energy", "energy"},
    {"Media", "media"},           {"Labs", "labs"},           {"Systems", "systems"},
    {"Outfitters", "outfitters"}, {"Robotics", "robotics"},   {"Dental", "dental"},
    {"Insurance", "insurance"},
};
static const struct cpat en_pat[] = {
    {"%W %I", "%W%I"},
    {"%W %I, Inc.", "%W%I"},
    {"%W %I LLC", "%W-%I"},
    {"%S & Sons", "%S-sons"},
    {"%S, %T & Partners LLP", "%S%T"},
    {"%W Group", "%W-group"},
    {"%S %I Ltd", "%S-%I"},
    {"%W %I", "%W-%I"},
};
static const char *const en_tld[] = {"com", "com", "com", "io", "co.uk", "com.au", "net"};
static const char *const en_free[] = {"gmail.com", "outlook.com", "yahoo.com", "icloud.com",
                                      "hotmail.co.uk"};
static const char *const en_phone[] = {"+1 (###) 555-01##", "+1 ###-555-01##", "+44 20 #### ####",
                                       "+61 2 #### ####",   "(###) 555-01##",  "+1 ### 555 01##"};
static const char *const en_title[] = {"CEO",
                                       "CFO",
                                       "CTO",
                                       "Head of Sales",
                                       "IT Manager",
                                       "Procurement Manager",
                                       "Operations Director",
                                       "VP Engineering",
                                       "Office Manager",
                                       "Marketing Lead"};
static const char *const en_note[] = {
    "Asked for a quote, \"urgent\" – needs delivery before Q1.\nCall back after 3pm.",
    "Met at the booth; interested in the API.\nSent the deck and pricing.",
    "Budget approved for next year, decision by committee (3 people).",
    "Prefers email, not phone.",
    "Referred by an existing customer — wants a 2-week trial, then 10% off?",
    "Champion left the company; new contact is the CFO, \"very numbers-driven\".",
};
static const char *const en_good[] = {"Great support team, fast answers.",
                                      "Easy to set up; the reports save us hours every week.",
                                      "Solid product, \"just works\"."};
static const char *const en_bad[] = {
    "Too expensive for what we use, considering alternatives.",
    "Onboarding took longer than promised,\nand the invoice was wrong twice.",
    "Missing integrations (SAP, Xero)."};

/* Spanish */
static const struct np es_first[] = {
    {"José", "jose"},           {"María", "maria"}, {"Juan", "juan"},     {"Carmen", "carmen"},
    {"Luis", "luis"},           {"Ana", "ana"},     {"Carlos", "carlos"}, {"Lucía", "lucia"},
    {"Javier", "javier"},       {"Sofía", "sofia"}, {"Miguel", "miguel"}, {"Elena", "elena"},
    {"Alejandro", "alejandro"}, {"Paula", "paula"}, {"Andrés", "andres"}, {"Marta", "marta"},
    {"Raúl", "raul"},           {"Inés", "ines"},   {"Diego", "diego"},   {"Pilar", "pilar"},
};
static const struct np es_last[] = {
    {"García", "garcia"},       {"Fernández", "fernandez"}, {"González", "gonzalez"},
    {"Rodríguez", "rodriguez"}, {"López", "lopez"},         {"Martínez", "martinez"},
    {"Sánchez", "sanchez"},     {"Pérez", "perez"},         {"Gómez", "gomez"},
    {"Muñoz", "munoz"},         {"Díaz", "diaz"},           {"Ruiz", "ruiz"},
    {"Hernández", "hernandez"}, {"Jiménez", "jimenez"},     {"Álvarez", "alvarez"},
    {"Castillo", "castillo"},   {"Ortega", "ortega"},       {"Núñez", "nunez"},
    {"Peña", "pena"},           {"Ibáñez", "ibanez"},
};
static const struct np es_word[] = {
    {"Sol", "sol"},       {"Mar", "mar"},         {"Atlántico", "atlantico"},
    {"Aurora", "aurora"}, {"Levante", "levante"}, {"Montaña", "montana"},
    {"Ebro", "ebro"},     {"Alba", "alba"}};
static const struct np es_ind[] = {{"Logística", "logistica"},
                                   {"Alimentos", "alimentos"},
                                   {"Tecnología", "tecnologia"},
                                   {"Energía", "energia"},
                                   {"Textil", "textil"}};
static const struct cpat es_pat[] = {
    {"Construcciones %S S.L.", "construcciones-%S"},
    {"Distribuciones %S, S.A.", "distribuciones-%S"},
    {"Panadería %S", "panaderia-%S"},
    {"Grupo %W", "grupo-%W"},
    {"%S y Asociados", "%S-asociados"},
    {"Talleres %S e Hijos, S.L.", "talleres-%S"},
    {"%W %I S.A. de C.V.", "%W-%I"},
};
static const char *const es_tld[] = {"es", "com.mx", "com.ar", "cl", "com.co", "es"};
static const char *const es_free[] = {"gmail.com", "hotmail.es", "yahoo.es", "outlook.com"};
static const char *const es_phone[] = {"+34 9## ### ###", "+34 6## ## ## ##", "+52 55 #### ####",
                                       "+54 11 ####-####", "+57 1 ### ####"};
static const char *const es_title[] = {
    "Director general",           "Jefa de compras",     "Director de TI", "Gerente comercial",
    "Responsable de operaciones", "Directora financiera"};
static const char *const es_note[] = {
    "Referido por cliente actual, muy interesado.\nPedir presupuesto antes del viernes.",
    "Quiere una demo \"en persona\", no por vídeo.",
    "Llamar después de las 16h, horario de España.",
};
static const char *const es_good[] = {"Muy buen servicio, ¡gracias!",
                                      "La implementación fue rápida y sin problemas."};
static const char *const es_bad[] = {"El precio subió demasiado, estamos evaluando otras opciones.",
                                     "Soporte lento en horario de México."};

/* Portuguese */
static const struct np pt_first[] = {
    {"João", "joao"},     {"Maria", "maria"},     {"Ana", "ana"},         {"Pedro", "pedro"},
    {"Lucas", "lucas"},   {"Gabriel", "gabriel"}, {"Beatriz", "beatriz"}, {"Mariana", "mariana"},
    {"Rafael", "rafael"}, {"Camila", "camila"},   {"Thiago", "thiago"},   {"Larissa", "larissa"},
    {"Felipe", "felipe"}, {"Juliana", "juliana"}, {"Gonçalo", "goncalo"},
};
static const struct np pt_last[] = {
    {"Silva", "silva"},         {"Santos", "santos"},       {"Oliveira", "oliveira"},
    {"Souza", "souza"},         {"Pereira", "pereira"},     {"Costa", "costa"},
    {"Rodrigues", "rodrigues"}, {"Almeida", "almeida"},     {"Gonçalves", "goncalves"},
    {"Araújo", "araujo"},       {"Conceição", "conceicao"}, {"Magalhães", "magalhaes"},
    {"Ribeiro", "ribeiro"},     {"Carvalho", "carvalho"},   {"Simões", "simoes"},
};
static const struct np pt_word[] = {{"Horizonte", "horizonte"}, {"Aurora", "aurora"},
                                    {"Cruzeiro", "cruzeiro"},   {"Ipê", "ipe"},
                                    {"Jacarandá", "jacaranda"}, {"Sertão", "sertao"}};
static const struct np pt_ind[] = {{"Tecnologia", "tecnologia"},
                                   {"Alimentos", "alimentos"},
                                   {"Logística", "logistica"},
                                   {"Engenharia", "engenharia"},
                                   {"Comércio", "comercio"}};
static const struct cpat pt_pat[] = {
    {"%S & Irmãos Ltda.", "%S-irmaos"}, {"%I %W S.A.", "%I-%W"},  {"Padaria %S", "padaria-%S"},
    {"Grupo %W", "grupo-%W"},           {"%W %I Ltda.", "%W-%I"},
};
static const char *const pt_tld[] = {"com.br", "com.br", "pt"};
static const char *const pt_free[] = {"gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"};
static const char *const pt_phone[] = {"+55 11 9####-####", "+55 21 ####-####", "+351 21 ### ####"};
static const char *const pt_title[] = {"Diretor comercial", "Gerente de TI", "Diretora financeira",
                                       "Coordenador de compras", "Sócio-gerente"};
static const char *const pt_note[] = {
    "Pediu desconto para pagamento à vista.",
    "Reunião marcada para segunda, \"sem falta\".\nLevar proposta impressa.",
};
static const char *const pt_good[] = {"Atendimento excelente, recomendo!"};
static const char *const pt_bad[] = {"Faltam relatórios em português.",
                                     "Cobrança duplicada em março."};

/* German */
static const struct np de_first[] = {
    {"Jürgen", "juergen"}, {"Günter", "guenter"}, {"Anja", "anja"},
    {"Katrin", "katrin"},  {"Stefan", "stefan"},  {"Sabine", "sabine"},
    {"Thomas", "thomas"},  {"Birgit", "birgit"},  {"Matthias", "matthias"},
    {"Jörg", "joerg"},     {"Uwe", "uwe"},        {"Claudia", "claudia"},
    {"Lukas", "lukas"},    {"Lea", "lea"},        {"Maximilian", "maximilian"},
    {"Hannah", "hannah"},  {"Björn", "bjoern"},   {"Sören", "soeren"},
    {"Ursula", "ursula"},  {"Dieter", "dieter"},
};
static const struct np de_last[] = {
    {"Müller", "mueller"},
    {"Schmidt", "schmidt"},
    {"Schneider", "schneider"},
    {"Fischer", "fischer"},
    {"Weber", "weber"},
    {"Meyer", "meyer"},
    {"Wagner", "wagner"},
    {"Becker", "becker"},
    {"Schäfer", "schaefer"},
    {"Koch", "koch"},
    {"Bauer", "bauer"},
    {"Richter", "richter"},
    {"Klein", "klein"},
    {"Wolf", "wolf"},
    {"Schröder", "schroeder"},
    {"Neumann", "neumann"},
    {"Zimmermann", "zimmermann"},
    {"Krüger", "krueger"},
    {"Hoffmann", "hoffmann"},
    {"Groß", "gross"},
    {"Weiß", "weiss"},
    {"Köhler", "koehler"},
    {"Lehmann", "lehmann"},
    {"Böhm", "boehm"},
};
static const struct np de_city[] = {{"München", "muenchen"},       {"Köln", "koeln"},
                                    {"Düsseldorf", "duesseldorf"}, {"Nürnberg", "nuernberg"},
                                    {"Zürich", "zuerich"},         {"Graz", "graz"},
                                    {"Lübeck", "luebeck"},         {"Wien", "wien"}};
static const struct np de_ind[] = {
    {"Maschinenbau", "maschinenbau"},     {"Logistik", "logistik"},
    {"Elektrotechnik", "elektrotechnik"}, {"Feinkost", "feinkost"},
    {"Medizintechnik", "medizintechnik"}, {"Gebäudetechnik", "gebaeudetechnik"},
};
static const struct cpat de_pat[] = {
    {"%S & Söhne GmbH", "%S-soehne"},
    {"%S %I GmbH", "%S-%I"},
    {"%S %I AG", "%S-%I"},
    {"Bäckerei %S", "baeckerei-%S"},
    {"Autohaus %S", "autohaus-%S"},
    {"Stadtwerke %C", "stadtwerke-%C"},
    {"%S IT-Service KG", "%S-it"},
    {"%S & %T GbR", "%S-%T"},
};
static const char *const de_tld[] = {"de", "de", "de", "at", "ch"};
static const char *const de_free[] = {"web.de", "gmx.de", "t-online.de", "gmx.at"};
static const char *const de_phone[] = {"+49 30 ########", "+49 89 ### ####", "0221 #######",
                                       "+43 1 ### ####", "+41 44 ### ## ##"};
static const char *const de_title[] = {"Geschäftsführer", "Geschäftsführerin", "Leiter Einkauf",
                                       "IT-Leiterin",     "Prokurist",         "Leiter Vertrieb",
                                       "Werksleiter"};
static const char *const de_note[] = {
    "Rückruf erbeten, Budget wird im Januar freigegeben.",
    "Kunde möchte Angebot \"inkl. Schulung\", Frist 15.12.\nAnsprechpartner im Urlaub bis KW 2.",
    "Hat Interesse an Größe L – Lieferzeit klären.",
};
static const char *const de_good[] = {"Sehr zufrieden, schnelle Reaktionszeiten.",
                                      "Gute Lösung, Einführung verlief reibungslos."};
static const char *const de_bad[] = {"Zu teuer für kleine Betriebe.",
                                     "Datenschutz-Fragen (DSGVO) noch offen,\nbitte Rückmeldung."};

/* French */
static const struct np fr_first[] = {
    {"Hélène", "helene"},     {"François", "francois"}, {"Amélie", "amelie"},
    {"Jérôme", "jerome"},     {"Chloé", "chloe"},       {"Léa", "lea"},
    {"Thibault", "thibault"}, {"Céline", "celine"},     {"Benoît", "benoit"},
    {"Élodie", "elodie"},     {"Mathieu", "mathieu"},   {"Agnès", "agnes"},
    {"Noël", "noel"},         {"Gaël", "gael"},         {"Camille", "camille"},
    {"Étienne", "etienne"},   {"Margaux", "margaux"},   {"Loïc", "loic"},
};
static const struct np fr_last[] = {
    {"Martin", "martin"},       {"Bernard", "bernard"},   {"Dubois", "dubois"},
    {"Thomas", "thomas"},       {"Robert", "robert"},     {"Richard", "richard"},
    {"Petit", "petit"},         {"Durand", "durand"},     {"Leroy", "leroy"},
    {"Moreau", "moreau"},       {"Lefèvre", "lefevre"},   {"Girard", "girard"},
    {"Bonnet", "bonnet"},       {"Fournier", "fournier"}, {"Lambert", "lambert"},
    {"Rousseau", "rousseau"},   {"Faure", "faure"},       {"Mercier", "mercier"},
    {"Chevalier", "chevalier"}, {"Gauthier", "gauthier"}, {"Fontaine", "fontaine"},
    {"Lemaître", "lemaitre"},
};
static const struct np fr_city[] = {
    {"Lyon", "lyon"},     {"Marseille", "marseille"}, {"Bordeaux", "bordeaux"}, {"Lille", "lille"},
    {"Nantes", "nantes"}, {"Genève", "geneve"},       {"Québec", "quebec"},     {"Azur", "azur"}};
static const struct np fr_ind[] = {{"Équipement", "equipement"},   {"Transports", "transports"},
                                   {"Électricité", "electricite"}, {"Informatique", "informatique"},
                                   {"Bâtiment", "batiment"},       {"Santé", "sante"}};
static const struct cpat fr_pat[] = {
    {"%S SA", "%S"},
    {"Groupe %S", "groupe-%S"},
    {"Boulangerie %S", "boulangerie-%S"},
    {"Ateliers %S SAS", "ateliers-%S"},
    {"%S & Fils", "%S-fils"},
    {"%I %C SARL", "%I-%C"},
    {"Société d'Équipement %S", "see-%S"},
};
static const char *const fr_tld[] = {"fr", "fr", "be", "ch", "ca"};
static const char *const fr_free[] = {"orange.fr", "free.fr", "laposte.net", "gmail.com"};
static const char *const fr_phone[] = {"+33 1 ## ## ## ##", "+33 6 ## ## ## ##", "01 ## ## ## ##",
                                       "+32 2 ### ## ##", "+1 514 555-01##"};
static const char *const fr_title[] = {"Directeur général",  "Directrice financière",
                                       "Responsable achats", "DSI",
                                       "Chef de projet",     "Directrice commerciale"};
static const char *const fr_note[] = {
    "Intéressé par l'offre « Pro », rappeler lundi.",
    "Le client veut un devis \"tout compris\",\navec formation sur site.",
    "Décision reportée après l'AG de mars.",
};
static const char *const fr_good[] = {"Très satisfaits, équipe réactive.",
                                      "Outil simple, les rapports sont clairs."};
static const char *const fr_bad[] = {"Trop cher, et la facture n'était pas claire.",
                                     "Intégration avec notre ERP « maison » difficile."};

/* Nordic */
static const struct np no_first[] = {
    {"Søren", "soren"},     {"Astrid", "astrid"}, {"Lars", "lars"},     {"Ingrid", "ingrid"},
    {"Björn", "bjorn"},     {"Sigrid", "sigrid"}, {"Mikkel", "mikkel"}, {"Freja", "freja"},
    {"Anders", "anders"},   {"Maja", "maja"},     {"Åsa", "asa"},       {"Jens", "jens"},
    {"Kirsten", "kirsten"}, {"Oskar", "oskar"},   {"Linnéa", "linnea"},
};
static const struct np no_last[] = {
    {"Østergaard", "ostergaard"}, {"Jensen", "jensen"},       {"Nielsen", "nielsen"},
    {"Hansen", "hansen"},         {"Andersson", "andersson"}, {"Johansson", "johansson"},
    {"Lindqvist", "lindqvist"},   {"Bergström", "bergstrom"}, {"Ødegård", "odegard"},
    {"Åkerlund", "akerlund"},     {"Larsen", "larsen"},       {"Sørensen", "sorensen"},
    {"Karlsson", "karlsson"},     {"Nyström", "nystrom"},     {"Halvorsen", "halvorsen"},
};
static const struct np no_word[] = {{"Fjord", "fjord"}, {"Nordlys", "nordlys"},
                                    {"Skog", "skog"},   {"Havn", "havn"},
                                    {"Polar", "polar"}, {"Tundra", "tundra"}};
static const struct np no_ind[] = {{"Design", "design"},
                                   {"Logistik", "logistik"},
                                   {"Energi", "energi"},
                                   {"Data", "data"},
                                   {"Marin", "marin"}};
static const struct cpat no_pat[] = {
    {"%S ApS", "%S"},        {"%S AB", "%S"},
    {"%W %I AS", "%W-%I"},   {"Nordisk %I AB", "nordisk-%I"},
    {"%S & %T Oy", "%S-%T"},
};
static const char *const no_tld[] = {"dk", "se", "no", "fi"};
static const char *const no_free[] = {"gmail.com", "outlook.com", "live.se"};
static const char *const no_phone[] = {"+45 ## ## ## ##", "+46 8 ### ### ##", "+47 ## ## ## ##",
                                       "+358 9 ### ####"};
static const char *const no_title[] = {"VD",           "Inköpschef",   "CTO",
                                       "Daglig leder", "Innkjøpssjef", "IT-chef"};
static const char *const no_note[] = {"Vil have tilbud på dansk.",
                                      "Beslut tas efter semestern (augusti)."};
static const char *const no_good[] = {"Mycket bra service!", "Fungerer utmerket."};
static const char *const no_bad[] = {"For dyrt.", "Saknar svensk översättning i rapporterna."};

/* Chinese */
static const struct np zh_family[] = {
    {"王", "wang"}, {"李", "li"},    {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"},
    {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"},  {"吴", "wu"},  {"周", "zhou"},
    {"徐", "xu"},   {"孙", "sun"},   {"马", "ma"},    {"朱", "zhu"}, {"胡", "hu"},
    {"郭", "guo"},  {"何", "he"},    {"林", "lin"},   {"高", "gao"}, {"罗", "luo"},
};
static const struct np zh_given[] = {
    {"伟", "wei"},       {"芳", "fang"},       {"娜", "na"},       {"秀英", "xiuying"},
    {"敏", "min"},       {"静", "jing"},       {"丽", "li"},       {"强", "qiang"},
    {"磊", "lei"},       {"军", "jun"},        {"洋", "yang"},     {"勇", "yong"},
    {"艳", "yan"},       {"杰", "jie"},        {"娟", "juan"},     {"涛", "tao"},
    {"明", "ming"},      {"超", "chao"},       {"秀兰", "xiulan"}, {"霞", "xia"},
    {"建华", "jianhua"}, {"晓明", "xiaoming"}, {"子涵", "zihan"},  {"浩然", "haoran"},
};
static const struct np zh_word[] = {{"华信", "huaxin"},    {"明远", "mingyuan"}, {"恒达", "hengda"},
                                    {"天成", "tiancheng"}, {"新星", "xinxing"},  {"宏图", "hongtu"},
                                    {"金桥", "jinqiao"},   {"瑞丰", "ruifeng"}};
static const struct np zh_ind[] = {
    {"科技", "tech"}, {"贸易", "trade"},   {"电子", "electronics"}, {"物流", "logistics"},
    {"软件", "soft"}, {"医疗", "medical"}, {"食品", "food"}};
static const struct np zh_city[] = {
    {"北京", "beijing"},   {"上海", "shanghai"}, {"深圳", "shenzhen"},
    {"广州", "guangzhou"}, {"杭州", "hangzhou"}, {"成都", "chengdu"},
    {"苏州", "suzhou"},    {"香港", "hk"},       {"台北", "taipei"}};
static const struct cpat zh_pat[] = {
    {"%C%W%I有限公司", "%W-%I"},
    {"%W%I股份有限公司", "%W%I"},
    {"%C%W%I集团", "%W-group"},
};
static const char *const zh_tld[] = {"cn", "com.cn", "com.hk", "com.tw"};
static const char *const zh_free[] = {"qq.com", "163.com", "126.com", "sina.com"};
static const char *const zh_phone[] = {"+86 10 #### ####", "+86 138 #### ####", "+86 21 #### ####",
                                       "+852 #### ####", "+886 2 #### ####"};
static const char *const zh_title[] = {"总经理",   "采购经理", "技术总监",
                                       "销售总监", "财务经理", "IT主管"};
static const char *const zh_note[] = {"对价格敏感，需要折扣。\n下周再联系。",
                                      "客户要求提供中文合同，\"尽快\"。",
                                      "展会上认识，对API感兴趣。"};
static const char *const zh_good[] = {"服务很好，响应迅速。", "系统稳定，报表很实用。"};
static const char *const zh_bad[] = {"价格偏高。", "希望增加微信集成，\n目前操作不方便。"};

/* Japanese */
static const struct np ja_family[] = {
    {"佐藤", "sato"},      {"鈴木", "suzuki"},    {"高橋", "takahashi"}, {"田中", "tanaka"},
    {"伊藤", "ito"},       {"渡辺", "watanabe"},  {"山本", "yamamoto"},  {"中村", "nakamura"},
    {"小林", "kobayashi"}, {"加藤", "kato"},      {"吉田", "yoshida"},   {"山田", "yamada"},
    {"佐々木", "sasaki"},  {"山口", "yamaguchi"}, {"松本", "matsumoto"}, {"井上", "inoue"},
};
static const struct np ja_given[] = {
    {"健", "ken"},        {"翔太", "shota"},  {"大輔", "daisuke"}, {"美咲", "misaki"},
    {"陽菜", "hina"},     {"結衣", "yui"},    {"拓也", "takuya"},  {"直樹", "naoki"},
    {"さくら", "sakura"}, {"花子", "hanako"}, {"誠", "makoto"},    {"愛", "ai"},
    {"蓮", "ren"},        {"葵", "aoi"},      {"悠真", "yuma"},    {"真由美", "mayumi"},
};
static const struct np ja_word[] = {{"ミライ", "mirai"}, {"富士", "fuji"},
                                    {"桜", "sakura"},    {"大和", "yamato"},
                                    {"東洋", "toyo"},    {"日本橋", "nihonbashi"}};
static const struct np ja_ind[] = {
    {"製作所", "seisakusho"}, {"商事", "shoji"},  {"工業", "kogyo"},   {"電機", "denki"},
    {"物流", "butsuryu"},     {"ソフト", "soft"}, {"食品", "shokuhin"}};
static const struct cpat ja_pat[] = {
    {"株式会社%S%I", "%S-%I"}, {"%S%I株式会社", "%S-%I"}, {"%W%I株式会社", "%W-%I"},
    {"合同会社%W", "%W"},      {"有限会社%S%I", "%S-%I"},
};
static const char *const ja_tld[] = {"co.jp", "co.jp", "jp"};
static const char *const ja_free[] = {"yahoo.co.jp", "gmail.com", "docomo.ne.jp"};
static const char *const ja_phone[] = {"+81 3-####-####", "03-####-####", "+81 6-####-####",
                                       "090-####-####"};
static const char *const ja_title[] = {"代表取締役",       "部長",     "購買課長",
                                       "情報システム部長", "営業部長", "課長"};
static const char *const ja_note[] = {"展示会で名刺交換。来月デモ希望。",
                                      "見積もりは「税込」で提出すること。\n決裁は来期。",
                                      "担当者が異動、後任は未定。"};
static const char *const ja_good[] = {"サポートが丁寧で助かります。", "導入がスムーズでした。"};
static const char *const ja_bad[] = {"価格が高い。",
                                     "日本語マニュアルが不足しています。\n改善をお願いします。"};

/* Korean */
static const struct np ko_family[] = {
    {"김", "kim"},  {"이", "lee"}, {"박", "park"}, {"최", "choi"}, {"정", "jung"},
    {"강", "kang"}, {"조", "cho"}, {"윤", "yoon"}, {"장", "jang"}, {"임", "lim"}};
static const struct np ko_given[] = {{"민준", "minjun"}, {"서연", "seoyeon"}, {"지훈", "jihoon"},
                                     {"수빈", "subin"},  {"예준", "yejun"},   {"하은", "haeun"},
                                     {"도윤", "doyun"},  {"지우", "jiwoo"},   {"현우", "hyunwoo"},
                                     {"지민", "jimin"}};
static const struct np ko_word[] = {{"한빛", "hanbit"},    {"대한", "daehan"}, {"미래", "mirae"},
                                    {"청솔", "cheongsol"}, {"세종", "sejong"}, {"푸른", "pureun"}};
static const struct np ko_ind[] = {
    {"소프트", "soft"}, {"물류", "logis"}, {"전자", "elec"}, {"식품", "food"}, {"테크", "tech"}};
static const struct cpat ko_pat[] = {{"(주)%W%I", "%W%I"}, {"%W%I 주식회사", "%W-%I"}};
static const char *const ko_tld[] = {"co.kr", "kr"};
static const char *const ko_free[] = {"naver.com", "daum.net", "gmail.com"};
static const char *const ko_phone[] = {"+82 2-###-####", "010-####-####", "+82 31-###-####"};
static const char *const ko_title[] = {"대표이사", "구매팀장", "이사", "과장", "부장"};
static const char *const ko_note[] = {"가격 협상 필요.", "다음 주에 데모 요청,\n\"최대한 빨리\"."};
static const char *const ko_good[] = {"매우 만족합니다."};
static const char *const ko_bad[] = {"가격이 비쌉니다."};

static const struct locale locales[NLOC] = {
    [L_EN] = {ARR(en_first),
              ARR(en_last),
              0,
              " ",
              ARR(en_word),
              ARR(en_ind),
              ARR(en_word),
              ARR(en_pat),
              ARR(en_tld),
              ARR(en_free),
              ARR(en_phone),
              ARR(en_title),
              ARR(en_note),
              ARR(en_good),
              ARR(en_bad),
              {0},
              {0}},
    [L_ES] = {ARR(es_first),
              ARR(es_last),
              0,
              " ",
              ARR(es_word),
              ARR(es_ind),
              ARR(es_word),
              ARR(es_pat),
              ARR(es_tld),
              ARR(es_free),
              ARR(es_phone),
              ARR(es_title),
              ARR(es_note),
              ARR(es_good),
              ARR(es_bad),
              {"Llamada de seguimiento", "Propuesta actualizada", "Reunión en oficina del cliente",
               "Demostración del producto", NULL, NULL, NULL, "Enviar presupuesto"},
              {"Pedido en tienda", NULL, "Acuerdo marco", "Suscripción anual"}},
    [L_PT] = {ARR(pt_first),
              ARR(pt_last),
              0,
              " ",
              ARR(pt_word),
              ARR(pt_ind),
              ARR(pt_word),
              ARR(pt_pat),
              ARR(pt_tld),
              ARR(pt_free),
              ARR(pt_phone),
              ARR(pt_title),
              ARR(pt_note),
              ARR(pt_good),
              ARR(pt_bad),
              {"Ligação de acompanhamento", "Proposta comercial", "Visita ao cliente",
               "Demonstração", NULL, NULL, NULL, "Enviar contrato"},
              {NULL, "Contrato de serviço", NULL, "Assinatura anual"}},
    [L_DE] = {ARR(de_first),
              ARR(de_last),
              0,
              " ",
              ARR(de_city),
              ARR(de_ind),
              ARR(de_city),
              ARR(de_pat),
              ARR(de_tld),
              ARR(de_free),
              ARR(de_phone),
              ARR(de_title),
              ARR(de_note),
              ARR(de_good),
              ARR(de_bad),
              {"Rückruf wegen Angebot", "Angebot Nr. 2024-117", "Vor-Ort-Termin",
               "Produktvorführung", NULL, "XING-Nachricht", "Gesprächsnotiz", "Angebot nachfassen"},
              {"Ladenverkauf", "Wartungsvertrag", "Rahmenvertrag", "Jahresabo"}},
    [L_FR] = {ARR(fr_first),
              ARR(fr_last),
              0,
              " ",
              ARR(fr_city),
              ARR(fr_ind),
              ARR(fr_city),
              ARR(fr_pat),
              ARR(fr_tld),
              ARR(fr_free),
              ARR(fr_phone),
              ARR(fr_title),
              ARR(fr_note),
              ARR(fr_good),
              ARR(fr_bad),
              {"Appel de suivi", "Devis – relance", "Rendez-vous chez le client",
               "Démonstration produit", NULL, NULL, NULL, "Envoyer le devis"},
              {"Achat en boutique", "Contrat de maintenance", "Accord-cadre", "Abonnement annuel"}},
    [L_NO] = {ARR(no_first),
              ARR(no_last),
              0,
              " ",
              ARR(no_word),
              ARR(no_ind),
              ARR(no_word),
              ARR(no_pat),
              ARR(no_tld),
              ARR(no_free),
              ARR(no_phone),
              ARR(no_title),
              ARR(no_note),
              ARR(no_good),
              ARR(no_bad),
              {"Uppföljningssamtal", "Offert", "Kundbesök", NULL, NULL, NULL, NULL,
               "Skicka offert"},
              {0}},
    [L_ZH] = {ARR(zh_given),
              ARR(zh_family),
              1,
              "",
              ARR(zh_word),
              ARR(zh_ind),
              ARR(zh_city),
              ARR(zh_pat),
              ARR(zh_tld),
              ARR(zh_free),
              ARR(zh_phone),
              ARR(zh_title),
              ARR(zh_note),
              ARR(zh_good),
              ARR(zh_bad),
              {"电话跟进", "报价单", "拜访客户", "产品演示", "微信沟通", NULL, NULL, "发送合同"},
              {"门店订单", "服务合同", "企业协议", "年度订阅"}},
    [L_JA] = {ARR(ja_given),
              ARR(ja_family),
              1,
              " ",
              ARR(ja_word),
              ARR(ja_ind),
              ARR(ja_word),
              ARR(ja_pat),
              ARR(ja_tld),
              ARR(ja_free),
              ARR(ja_phone),
              ARR(ja_title),
              ARR(ja_note),
              ARR(ja_good),
              ARR(ja_bad),
              {"フォローアップ電話", "お見積りの件", "訪問打ち合わせ", "製品デモ",
               "LINEでの問い合わせ", NULL, NULL, "見積書送付"},
              {"店舗販売", "保守契約", "包括契約", "年間ライセンス"}},
    [L_KO] = {ARR(ko_given),
              ARR(ko_family),
              1,
              "",
              ARR(ko_word),
              ARR(ko_ind),
              ARR(ko_word),
              ARR(ko_pat),
              ARR(ko_tld),
              ARR(ko_free),
              ARR(ko_phone),
              ARR(ko_title),
              ARR(ko_note),
              ARR(ko_good),
              ARR(ko_bad),
              {"후속 통화", "견적서 송부", "고객사 방문", "제품 시연", "카카오톡 문의", NULL, NULL,
               "견적서 발송"},
              {0}},
};

/* Company names that test quoting and Unicode: commas, quotes, apostrophes,
 * an internationalised domain. */
static const struct {
    const char *name, *domain;
    int loc;
} tricky[] = {
    {"\"Zum Goldenen Hirschen\" GmbH", "zum-goldenen-hirschen.de", L_DE},
    {"Smith, Jones & Partners LLP", "smithjones.co.uk", L_EN},
    {"Café de l'Étoile, SARL", "cafe-etoile.fr", L_FR},
    {"O'Reilly Bros. Hardware, Inc.", "oreilly-bros.com", L_EN},
    {"Müller, Meier & Co. KG", "mueller-meier.de", L_DE},
    {"\"Sol y Sombra\", S.L.", "solysombra.es", L_ES},
    {"株式会社「未来」テクノロジー", "mirai-technology.co.jp", L_JA},
    {"Tom's Diner & Bar", "tomsdiner.com", L_EN},
    {"Nord-Süd Handel GmbH & Co. KG", "nord-sued-handel.de", L_DE},
    {"Größenwahn \"XXL\" Möbel", "xxl-moebel.de", L_DE},
    {"北京\"长城\"科技有限公司", "changcheng-tech.cn", L_ZH},
    {"A, B & C Consulting, Ltd.", "abc-consulting.com", L_EN},
    {"Müller Bau", "müller-bau.de", L_DE},
};

/* ---- teams, territories, reps ------------------------------------------ */

static const char *const team_names[] = {"Americas", "EMEA", "APAC"};

static const char *const us_phone[] = {"+1 (@##) 555-01##", "+1 @##-555-01##", "(@##) 555-01##",
                                       "@##.555.01##"};
static const char *const us_tld[] = {"com", "com", "com", "io", "net", "us"};
static const char *const ca_phone[] = {"+1 (@##) 555-01##", "+1 514 555-01##"};
static const char *const ca_tld[] = {"ca", "com"};
static const char *const uk_phone[] = {"+44 20 #### ####", "+44 161 ### ####", "020 #### ####",
                                       "+353 1 ### ####"};
static const char *const uk_tld[] = {"co.uk", "co.uk", "com", "ie"};
static const char *const anz_phone[] = {"+61 2 #### ####", "+61 4## ### ###", "+64 9 ### ####"};
static const char *const anz_tld[] = {"com.au", "com.au", "co.nz", "com"};
static const char *const latam_phone[] = {"+52 55 #### ####", "+54 11 ####-####", "+57 1 ### ####",
                                          "+55 11 9####-####", "+56 2 #### ####"};
static const char *const latam_tld[] = {"com.mx", "com.ar", "com.co", "com.br", "cl"};
static const char *const iberia_phone[] = {"+34 9## ### ###", "+34 6## ## ## ##",
                                           "+351 21 ### ####"};
static const char *const iberia_tld[] = {"es", "es", "pt"};
static const char *const france_phone[] = {"+33 1 ## ## ## ##", "+33 6 ## ## ## ##",
                                           "01 ## ## ## ##", "+32 2 ### ## ##"};
static const char *const france_tld[] = {"fr", "fr", "be"};

/* Territories: their customers' languages (people's names), the language
 * of company names (the first, largest), phones and domains when they
 * differ from the language's, and a currency some deals are in. */
static const struct territory {
    const char *name;
    int team;
    int loc[NLOC];
    const char *const *phone;
    int nphone;
    const char *const *tld;
    int ntld;
    const char *currency;
    int cur_pct;
} territories[] = {
    {"US-East",
     0,
     {[L_EN] = 80, [L_ES] = 8, [L_ZH] = 4, [L_KO] = 4, [L_FR] = 4},
     ARR(us_phone),
     ARR(us_tld),
     NULL,
     0},
    {"US-West",
     0,
     {[L_EN] = 72, [L_ES] = 12, [L_ZH] = 8, [L_JA] = 4, [L_KO] = 4},
     ARR(us_phone),
     ARR(us_tld),
     NULL,
     0},
    {"LATAM", 0, {[L_ES] = 65, [L_PT] = 35}, ARR(latam_phone), ARR(latam_tld), NULL, 0},
    {"Canada", 0, {[L_EN] = 70, [L_FR] = 30}, ARR(ca_phone), ARR(ca_tld), NULL, 0},
    {"DACH", 1, {[L_DE] = 92, [L_FR] = 4, [L_EN] = 4}, NULL, 0, NULL, 0, "EUR", 35},
    {"France", 1, {[L_FR] = 95, [L_DE] = 5}, ARR(france_phone), ARR(france_tld), "EUR", 40},
    {"UK & Ireland", 1, {[L_EN] = 100}, ARR(uk_phone), ARR(uk_tld), "GBP", 35},
    {"Nordics", 1, {[L_NO] = 92, [L_EN] = 8}, NULL, 0, NULL, 0, "EUR", 15},
    {"Iberia", 1, {[L_ES] = 80, [L_PT] = 20}, ARR(iberia_phone), ARR(iberia_tld), "EUR", 40},
    {"Japan", 2, {[L_JA] = 100}, NULL, 0, NULL, 0, "JPY", 25},
    {"Greater China", 2, {[L_ZH] = 100}, NULL, 0, NULL, 0, NULL, 0},
    {"ANZ", 2, {[L_EN] = 85, [L_ZH] = 10, [L_JA] = 5}, ARR(anz_phone), ARR(anz_tld), NULL, 0},
    {"Korea", 2, {[L_KO] = 100}, NULL, 0, NULL, 0, NULL, 0},
};
#define NTERR ((int)N(territories))

static int
terr_index(const char *name)
{
    for (int i = 0; i < NTERR; i++)
        if (strcmp(territories[i].name, name) == 0)
            return i;
    return 0;
}

enum { R_MGR, R_AE, R_SDR };
static const char *const role_names[] = {"manager", "ae", "sdr"};

/* The default team. Dates are days relative to --today, so any --today
 * gives the same story. win: base win rate %; speed: stage durations x/100;
 * size: amounts x/100; weak: the stage (0-3) where most of their losses
 * happen; act: activity level x/100; opt: close-date optimism x/100. */
static const struct rep_seed {
    const char *id, *name, *email_user;
    int team, role;
    const char *territory;
    int hired, left; /* days from today; left 0: still here */
    int win, speed, size, weak, act, opt;
} rep_seeds[] = {
    {"sarah.chen", "Sarah Chen", "sarah.chen", 0, R_MGR, "US-West", -3150, 0, 34, 100, 110, 2, 50,
     90},
    {"katrin.mueller", "Katrin Müller", "katrin.mueller", 1, R_MGR, "DACH", -3375, 0, 36, 95, 120,
     3, 50, 95},
    {"misaki.tanaka", "田中 美咲", "misaki.tanaka", 2, R_MGR, "Japan", -2870, 0, 32, 110, 100, 1,
     50, 90},
    {"jmiller", "James Miller", "james.miller", 0, R_AE, "US-East", -2370, -182, 21, 120, 90, 2, 80,
     70},
    {"lucia.fernandez", "Lucía Fernández", "lucia.fernandez", 0, R_AE, "LATAM", -2111, 0, 31, 90,
     95, 3, 140, 85},
    {"francois.beaumont", "François Beaumont", "francois.beaumont", 1, R_AE, "France", -2580, 0, 38,
     130, 130, 1, 70, 80},
    {"wang.lei", "王磊", "lei.wang", 2, R_AE, "Greater China", -1732, 0, 27, 85, 100, 2, 120, 75},
    {"oliver.ogrady", "Oliver O'Grady", "oliver.ogrady", 1, R_AE, "UK & Ireland", -1418, 0, 17, 100,
     85, 3, 150, 60},
    {"priya.r", "Priya Raghunathan", "priya.raghunathan", 2, R_AE, "ANZ", -2293, 0, 34, 80, 105, 2,
     100, 90},
    {"ethan.brooks", "Ethan Brooks", "ethan.brooks", 0, R_AE, "US-East", -165, 0, 20, 110, 80, 1,
     130, 65},
    {"soren.ostergaard", "Søren Østergaard", "soren.ostergaard", 1, R_SDR, "Nordics", -969, 0, 0,
     100, 100, 0, 160, 100},
    {"minjun.kim", "김민준", "minjun.kim", 2, R_SDR, "Korea", -1152, -343, 0, 100, 100, 0, 150,
     100},
};

#define RING 32

struct dring {    /* a deal a rep works on, for activities */
    int64_t from; /* created */
    uint32_t deal, acct, contact;
    sdate to; /* last day open */
};

struct lring { /* a lead a rep works on */
    int64_t from;
    uint32_t lead;
    sdate to;
    int loc;
};

struct rep {
    char id[32], name[128], email[160], manager[32];
    int team, role, terr;
    sdate hired, left; /* left: DATE_NONE while active */
    int win, speed, size, weak, act, opt;
    struct dring dr[RING];
    struct lring lr[RING];
    unsigned ndr, nlr;
    money_t *won_q;                      /* bookings per quarter index */
    uint32_t *al[4];                     /* the accounts they own, per segment */
    uint32_t alen[4], acap[4], alen0[4]; /* alen0: as the day started */
};

static const char seller_domain[] = "lumen-analytics.example";

/* ---- output files ------------------------------------------------------- */

struct outf {
    const struct entity_def *ent;
    char *path, *tmp;
    int fd;
    struct sbuf b;
    long long rows;
    long long bytes;
};

enum {
    F_REPS,
    F_LEADS,
    F_ACCOUNTS,
    F_CONTACTS,
    F_DEALS,
    F_STAGES,
    F_ACTIVITIES,
    F_QUOTAS,
    F_SUBS,
    F_BUDGET,
    F_FEEDBACK,
    F_HISTORY,
    NFILES
};

static struct outf files[NFILES];

static void
die_sys(const char *what, const char *path)
{
    fprintf(stderr, "%s: %s: %s: %s\n", prog, path, what, strerror(errno));
    exit(1);
}

static void
outf_flush(struct outf *o)
{
    size_t off = 0;
    while (off < o->b.len) {
        ssize_t n = write(o->fd, o->b.p + off, o->b.len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die_sys("write error", o->tmp);
        }
        off += (size_t)n;
    }
    o->bytes += (long long)o->b.len;
    sbuf_reset(&o->b);
}

static void
put_row(int fi, const char *const *f, size_t n)
{
    struct outf *o = &files[fi];
    assert(n == o->ent->ncols);
    csvio_add_row(&o->b, f, n, ',', 0);
    o->rows++;
    if (o->b.len >= (1u << 20))
        outf_flush(o);
}

/* ---- formatting --------------------------------------------------------- */

/* ts_format's text (2026-11-27T09:30:00Z) without a printf per call: the
 * date part comes from date_format once per day. --verify checks every
 * timestamp against the library's stored form. */
static char *
fmt_ts(int64_t t, char *buf)
{
    static sdate day = DATE_NONE;
    static char date[DATE_BUFSZ];
    int64_t d = t / 86400;
    int sec = (int)(t - d * 86400);
    if (t < 0)
        return ts_format(t, buf);
    if ((sdate)d != day) {
        day = (sdate)d;
        date_format(day, date);
    }
    memcpy(buf, date, 10);
    int f[3] = {sec / 3600, sec / 60 % 60, sec % 60};
    char *p = buf + 10;
    for (int i = 0; i < 3; i++) {
        *p++ = i ? ':' : 'T';
        *p++ = (char)('0' + f[i] / 10);
        *p++ = (char)('0' + f[i] % 10);
    }
    *p++ = 'Z';
    *p = '\0';
    return buf;
}

/* "D41": an id from its prefix and number, into buf (16 bytes) */
static char *
idf(char *buf, char prefix, uint32_t n)
{
    char tmp[12];
    int k = 0;
    do
        tmp[k++] = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    buf[0] = prefix;
    for (int i = 0; i < k; i++)
        buf[1 + i] = tmp[k - 1 - i];
    buf[1 + k] = '\0';
    return buf;
}

/* ---- history: a day's rows, written in time order ---------------------- */

struct hrow {
    int64_t ts;
    uint64_t seq;
    size_t off, len;
};

static struct sbuf harena;
static struct hrow *hrows;
static size_t nhrows, caphrows;
static uint64_t hseq;

/* Queue one audit row (ts must fall on the day being simulated). */
static void
hist(int64_t ts, const char *user, const char *cmd, const char *ent, const char *id,
     const char *field, const char *old, const char *new_)
{
    char tsb[TS_BUFSZ];
    const char *f[8] = {fmt_ts(ts, tsb), user, cmd, ent, id, field, old, new_};
    size_t off = harena.len;
    csvio_add_row(&harena, f, 8, ',', 0);
    if (nhrows == caphrows) {
        caphrows = caphrows ? caphrows * 2 : 1024;
        hrows = xrealloc(hrows, caphrows * sizeof *hrows);
    }
    hrows[nhrows++] = (struct hrow){ts, hseq++, off, harena.len - off};
}

static int
hrow_cmp(const void *a, const void *b)
{
    const struct hrow *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
hist_flush(void)
{
    struct outf *o = &files[F_HISTORY];
    if (nhrows > 1)
        qsort(hrows, nhrows, sizeof *hrows, hrow_cmp);
    for (size_t i = 0; i < nhrows; i++) {
        sbuf_add(&o->b, harena.p + hrows[i].off, hrows[i].len);
        if (o->b.len >= (1u << 20))
            outf_flush(o);
    }
    o->rows += (long long)nhrows;
    nhrows = 0;
    sbuf_reset(&harena);
}

/* ---- future events, in a heap by time ---------------------------------- */

enum { EV_STAGE, EV_CLOSE, EV_SLIP, EV_OWNER, EV_LSTATUS, EV_CONVERT, EV_TOUCH };

struct ev {
    int64_t ts;
    uint64_t seq;
    int64_t amount; /* EV_CLOSE: amount in the base currency */
    uint32_t id;    /* deal or lead number */
    int32_t x, y;   /* SLIP: close dates; OWNER: reps; CLOSE: account (0: none); CONVERT: keys */
    uint16_t user;  /* the rep who acts */
    uint8_t kind, a, b, c; /* STAGE/CLOSE: from, to stage, reason; LSTATUS: from, to */
    uint8_t seg, src, loc, terr, dtype, variant;
};

static struct ev *heap;
static size_t nheap, capheap, maxheap;
static uint64_t evseq;

static int
ev_less(const struct ev *x, const struct ev *y)
{
    return x->ts < y->ts || (x->ts == y->ts && x->seq < y->seq);
}

static void
ev_push(struct ev e)
{
    size_t i;
    e.seq = evseq++;
    if (nheap == capheap) {
        capheap = capheap ? capheap * 2 : 4096;
        heap = xrealloc(heap, capheap * sizeof *heap);
    }
    i = nheap++;
    while (i > 0 && ev_less(&e, &heap[(i - 1) / 2])) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = e;
    if (nheap > maxheap)
        maxheap = nheap;
}

/* pop the earliest event if it is before `before`; 1 when one was popped */
static int
ev_pop(int64_t before, struct ev *out)
{
    size_t i = 0;
    if (nheap == 0 || heap[0].ts >= before)
        return 0;
    *out = heap[0];
    struct ev last = heap[--nheap];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= nheap)
            break;
        if (c + 1 < nheap && ev_less(&heap[c + 1], &heap[c]))
            c++;
        if (!ev_less(&heap[c], &last))
            break;
        heap[i] = heap[c];
        i = c;
    }
    if (nheap > 0)
        heap[i] = last;
    return 1;
}

static int
ev_cmp(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    return ev_less(x, y) ? -1 : ev_less(y, x);
}

/* ---- names, companies, emails, phones ---------------------------------- */

/* a well-mixed hash of key and salt, for picking parts of a name */
static uint32_t
mix(uint32_t key, uint32_t salt)
{
    uint64_t x = ((uint64_t)salt << 32) | key;
    return (uint32_t)(splitmix(&x) >> 16);
}

struct person {
    char name[128], first[48], last[48]; /* display; ASCII first and last */
};

static void
person_of(int loc, uint32_t key, struct person *p)
{
    const struct locale *L = &locales[loc];
    const struct np *f = &L->first[mix(key, 1) % (uint32_t)L->nfirst];
    const struct np *l = &L->last[mix(key, 2) % (uint32_t)L->nlast];
    if (L->family_first)
        snprintf(p->name, sizeof p->name, "%s%s%s", l->d, L->sep, f->d);
    else if (loc == L_ES && mix(key, 3) % 10 < 4) { /* two surnames */
        const struct np *l2 = &L->last[mix(key, 4) % (uint32_t)L->nlast];
        snprintf(p->name, sizeof p->name, "%s %s %s", f->d, l->d, l2->d);
    } else
        snprintf(p->name, sizeof p->name, "%s %s", f->d, l->d);
    snprintf(p->first, sizeof p->first, "%s", f->r);
    snprintf(p->last, sizeof p->last, "%s", l->r);
}

/* expand a company pattern; roman: use the ASCII forms */
static void
expand(const char *pat, const struct np *w, const struct np *ind, const struct np *city,
       const struct np *s, const struct np *t, int roman, struct sbuf *b)
{
    for (const char *p = pat; *p; p++) {
        const struct np *x = NULL;
        if (*p == '%' && p[1]) {
            switch (p[1]) {
            case 'W':
                x = w;
                break;
            case 'I':
                x = ind;
                break;
            case 'C':
                x = city;
                break;
            case 'S':
                x = s;
                break;
            case 'T':
                x = t;
                break;
            }
        }
        if (x) {
            sbuf_adds(b, roman ? x->r : x->d);
            p++;
        } else {
            sbuf_addc(b, *p);
        }
    }
}

struct company {
    char name[160], domain[96];
};

static int main_loc(int t);

/* A company of territory terr, named in its main language. */
static void
company_of(int terr, uint32_t key, struct company *c)
{
    int loc = main_loc(terr);
    const struct locale *L = &locales[loc];
    const struct territory *TR = &territories[terr];
    struct sbuf d = {0}, r = {0};
    if (mix(key, 10) % 48 == 0) { /* now and then a name that needs quoting */
        int n = 0, k;
        for (size_t i = 0; i < N(tricky); i++)
            n += tricky[i].loc == loc;
        k = n ? (int)(mix(key, 11) % (uint32_t)n) : -1; /* none in this language: a plain one */
        for (size_t i = 0; i < N(tricky); i++)
            if (tricky[i].loc == loc) {
                if (k-- == 0) {
                    snprintf(c->name, sizeof c->name, "%s", tricky[i].name);
                    snprintf(c->domain, sizeof c->domain, "%s", tricky[i].domain);
                    return;
                }
            }
    }
    const struct cpat *pat = &L->pat[mix(key, 12) % (uint32_t)L->npat];
    const struct np *w = &L->word[mix(key, 13) % (uint32_t)L->nword],
                    *ind = &L->ind[mix(key, 14) % (uint32_t)L->nind],
                    *city = &L->city[mix(key, 15) % (uint32_t)L->ncity],
                    *s = &L->last[mix(key, 16) % (uint32_t)L->nlast],
                    *t = &L->last[mix(key, 17) % (uint32_t)L->nlast];
    if (t == s)
        t = &L->last[(size_t)(s - L->last + 1) % (size_t)L->nlast];
    expand(pat->d, w, ind, city, s, t, 0, &d);
    expand(pat->r, w, ind, city, s, t, 1, &r);
    snprintf(c->name, sizeof c->name, "%s", d.p);
    /* the domain: lowercase ASCII letters and digits, '-' between words */
    size_t n = 0;
    for (const char *p = r.p; *p && n < sizeof c->domain - 24; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            c->domain[n++] = ch;
        else if (n && c->domain[n - 1] != '-')
            c->domain[n++] = '-';
    }
    while (n && c->domain[n - 1] == '-')
        n--;
    if (n == 0)
        c->domain[n++] = 'x';
    snprintf(c->domain + n, sizeof c->domain - n, ".%s",
             TR->tld ? TR->tld[mix(key, 18) % (uint32_t)TR->ntld]
                     : L->tld[mix(key, 18) % (uint32_t)L->ntld]);
    sbuf_release(&d);
    sbuf_release(&r);
}

/* name@company (work) or a free mail address; variant changes the form */
static void
email_of(int loc, const struct person *p, const char *domain, uint32_t key, int variant, char *buf,
         size_t n)
{
    const struct locale *L = &locales[loc];
    const char *dom = domain && *domain && variant % 4 != 3
                          ? domain
                          : L->freemail[mix(key, 20) % (uint32_t)L->nfree];
    switch (mix(key, 21 + (uint32_t)variant) % 4) {
    case 0:
        snprintf(buf, n, "%s.%s@%s", p->first, p->last, dom);
        break;
    case 1:
        snprintf(buf, n, "%c%s@%s", p->first[0], p->last, dom);
        break;
    case 2:
        snprintf(buf, n, "%s_%s%u@%s", p->first, p->last, mix(key, 22) % 100, dom);
        break;
    default:
        snprintf(buf, n, "%s@%s", p->first, dom);
    }
}

/* a phone number as people in territory terr write it ('#' a digit, '@' 2-9) */
static void
phone_of(int terr, int loc, uint32_t key, int variant, char *buf, size_t n)
{
    const struct territory *TR = &territories[terr];
    const struct locale *L = &locales[loc];
    uint32_t pick = mix(key, 30 + (uint32_t)variant);
    const char *fmt =
        TR->phone ? TR->phone[pick % (uint32_t)TR->nphone] : L->phone[pick % (uint32_t)L->nphone];
    uint32_t h = mix(key, 31);
    size_t k = 0;
    for (const char *p = fmt; *p && k + 1 < n; p++) {
        if (*p == '#' || *p == '@') {
            buf[k++] = (char)(*p == '@' ? '2' + h % 8 : '0' + h % 10);
            h = h / 10 ? h / 10 : mix(h, 32);
        } else {
            buf[k++] = *p;
        }
    }
    buf[k] = '\0';
}

/* a language for a customer of territory t */
static int
loc_of_terr(int t)
{
    return pickw(territories[t].loc, NLOC);
}

static int
main_loc(int t)
{
    int best = 0;
    for (int i = 1; i < NLOC; i++)
        if (territories[t].loc[i] > territories[t].loc[best])
            best = i;
    return best;
}

/* ---- the model's constants ---------------------------------------------- */

static const char *const stage_name[6] = {"prospecting", "qualification", "proposal",
                                          "negotiation", "won",           "lost"};
enum { ST_WON = 4, ST_LOST = 5 };
static const char *const segments[4] = {"b2c", "b2b", "enterprise", "saas"};
enum { SEG_B2C, SEG_B2B, SEG_ENT, SEG_SAAS };
enum { LS_NEW, LS_CONTACTED, LS_QUALIFIED, LS_DISQUALIFIED, LS_CONVERTED };
static const char *const lead_status[5] = {"new", "contacted", "qualified", "disqualified",
                                           "converted"};
static const char *const deal_types[3] = {"new", "renewal", "expansion"};
enum { DT_NEW, DT_RENEWAL, DT_EXPANSION };

/* mean days in each open stage, per segment */
static const int seg_days[4][4] = {
    {3, 3, 3, 2}, {14, 14, 18, 12}, {25, 28, 35, 25}, {10, 10, 12, 8}};
/* segment mix of deals per team, and of leads (more consumers) */
static const int team_seg[3][4] = {{25, 28, 12, 35}, {20, 38, 17, 25}, {35, 28, 12, 25}};
static const int team_lead_seg[3][4] = {{32, 26, 8, 34}, {28, 36, 12, 24}, {40, 26, 8, 26}};
/* lead sources; "existing" is the source of renewals and expansions */
static const char *const sources[7] = {"web",      "referral", "event",   "partner",
                                       "outbound", "ads",      "existing"};
enum { NSRC = 6, SRC_EXISTING = 6 };
static const int src_w[4][NSRC] = {{40, 15, 5, 5, 5, 30},
                                   {25, 15, 15, 15, 20, 10},
                                   {10, 20, 20, 20, 28, 2},
                                   {35, 12, 8, 10, 15, 20}};
static const int src_win[7] = {2, 10, 0, 5, -5, -6, 0}; /* win rate points */
static const int seg_win[4] = {15, -3, -8, 0};
static const double src_qualify[NSRC] = {0.30, 0.50, 0.35, 0.45, 0.25, 0.20};
static const double amt_median[4] = {900, 28000, 140000, 14000}; /* USD */
static const double amt_sigma[4] = {0.6, 0.55, 0.6, 0.5};
/* working hours (UTC) per team */
static const int work_hours[3][2] = {{14, 23}, {7, 17}, {0, 9}};

static const char *const reasons[] = {
    "price",  "competitor",  "no budget", "no decision",
    "timing", "product fit", "went dark", "competitor: cheaper, with local support"};
static const int reason_w[] = {25, 20, 15, 10, 10, 10, 8, 2};
enum { RS_NO_DECISION = 3, RS_WENT_DARK = 6 };

static const char *const industries[] = {
    "Software",   "Manufacturing",      "Retail",
    "Healthcare", "Financial Services", "Education",
    "Logistics",  "Hospitality",        "Media",
    "Energy",     "Public Sector",      "Professional Services"};

static const char *const products[4][4] = {
    {"Online order", "Store purchase", "Premium bundle", "Family plan"},
    {"Platform licence", "Service contract", "Hardware refresh", "Onboarding package"},
    {"Enterprise agreement", "Global rollout", "Multi-year licence", "Data platform"},
    {"Growth plan", "Team seats", "Annual subscription", "API add-on"}};

/* exchange rates (base USD) in millionths, as config.json says */
static const struct {
    const char *code, *text;
    int64_t micro;
} rates[] = {{"EUR", "1.08", 1080000}, {"GBP", "1.27", 1270000}, {"JPY", "0.0067", 6700}};

/* seasonality of creation per month (x/100): weak summer, strong Q4 */
static const int season_deal[12] = {90, 95, 110, 95, 100, 105, 80, 70, 100, 110, 120, 115};
static const int season_lead[12] = {100, 100, 105, 100, 100, 95, 80, 75, 105, 110, 110, 85};
static const int season_act[12] = {100, 100, 105, 100, 100, 100, 80, 70, 105, 110, 110, 90};
static const int week_deal[8] = {0, 100, 100, 100, 100, 90, 12, 6}; /* by ISO weekday */
static const int week_lead[8] = {0, 100, 100, 100, 100, 95, 45, 40};
static const int week_act[8] = {0, 100, 100, 100, 100, 90, 8, 4};

/* ---- the simulation's state --------------------------------------------- */

struct opts {
    uint64_t seed;
    sdate today;
    int years, nreps, verbose;
    long long leads, accounts, deals, activities, feedback;
};

struct acct {
    uint32_t key, first_contact;
    uint16_t ncontacts, owner;
    uint8_t seg, loc, terr, won;
    money_t last_won;
};

static struct opts opt;
static sdate S, T; /* first day simulated; today (not simulated) */
static int ndays;
static int64_t cutoff; /* T at 00:00:00Z: nothing happens from then on */
static int year0, ycur;
static const struct calendar cal = {1, 0};

static struct rep *reps;
static int nreps;
static struct acct *accts; /* by number, 1-based */
static uint32_t *alist[3][4], alen[3][4], acap[3][4];
static uint32_t *cust, ncust; /* accounts that have bought */
static uint32_t n_lead, n_acct, n_contact, n_deal, n_act, n_sub, n_fb;
static int32_t *sch_deal, *sch_lead, *sch_acct, *sch_act, *sch_fb, *conv_deal, *conv_acct;
static int nq;                   /* quarters from year0 to ycur */
static long long n_import_deals; /* open deals imported on the first day */
static int nmonths;
static money_t (*won_src)[7]; /* bookings per month and source */

static struct {
    uint32_t person, company;
    uint8_t loc, seg, terr;
} dupkeys[256];
static unsigned ndup;

static const char *
money_str(money_t m, char *buf)
{
    return money_format(m, buf);
}

static int
rep_active(int r, sdate d)
{
    return reps[r].hired <= d && (reps[r].left == DATE_NONE || d < reps[r].left);
}

static int64_t
work_start(int team)
{
    return (int64_t)work_hours[team][0] * 3600;
}

/* a time during the team's working hours on day d */
static int64_t
biz_ts(sdate d, int team)
{
    int64_t span = (int64_t)(work_hours[team][1] - work_hours[team][0]) * 3600;
    return (int64_t)d * 86400 + work_start(team) + (int64_t)below((uint32_t)span);
}

/* the first working moment at or after ts (never earlier) */
static int64_t
snap(int64_t ts, int team)
{
    int64_t day = ts / 86400, tod = ts - day * 86400;
    int64_t h0 = work_start(team), h1 = (int64_t)work_hours[team][1] * 3600;
    if (tod < h0) {
        tod = h0 + below(7200);
    } else if (tod >= h1) {
        day++;
        tod = h0 + below(7200);
    }
    while (date_weekday((sdate)day) >= 6)
        day++;
    return day * 86400 + tod;
}

static int
year_of(sdate d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

static int
month_of(sdate d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return m;
}

static int
quarter_index(sdate d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return (y - year0) * 4 + (m - 1) / 3;
}

static int
month_index(sdate d)
{
    int y, m, dd, sy, sm;
    date_to_ymd(d, &y, &m, &dd);
    date_to_ymd(S, &sy, &sm, &dd);
    return (y - sy) * 12 + (m - sm);
}

/* a rep who can own deals on day d, by weight; -1 when none */
static int
pick_deal_owner(sdate d, int team)
{
    int w[4096], n = nreps < 4096 ? nreps : 4096, any = 0;
    for (int r = 0; r < n; r++) {
        w[r] = 0;
        if (!rep_active(r, d) || (team >= 0 && reps[r].team != team))
            continue;
        if (reps[r].role == R_AE)
            w[r] = d - reps[r].hired < 90 ? 50 : 100;
        else if (reps[r].role == R_MGR)
            w[r] = 20;
        any |= w[r] > 0;
    }
    return any ? pickw(w, n) : -1;
}

/* the colleague who takes over from r (or works a lead of an SDR) on day d */
static int
team_taker(int r, sdate d)
{
    int w[4096], n = nreps < 4096 ? nreps : 4096, any = 0;
    for (int k = 0; k < n; k++) {
        w[k] = k != r && rep_active(k, d) && reps[k].team == reps[r].team && reps[k].role == R_AE;
        any |= w[k];
    }
    if (any)
        return pickw(w, n);
    for (int k = 0; k < n; k++)
        if (k != r && rep_active(k, d) && reps[k].team == reps[r].team && reps[k].role == R_MGR)
            return k;
    int o = pick_deal_owner(d, -1);
    return o >= 0 ? o : r;
}

/* an amount in USD cents for a segment, rounded as people quote prices */
static money_t
draw_amount(int seg, int size)
{
    double v = amt_median[seg] * det_exp(amt_sigma[seg] * normal()) * size / 100;
    int64_t u;
    if (seg == SEG_B2C) {
        u = (int64_t)(v / 10 + 0.5) * 10;
        if (u < 20)
            u = 20;
        if (chance(0.3))
            return (money_t)u * 100 - 1; /* 499.99 */
        return (money_t)u * 100;
    }
    int64_t step = v < 10000 ? 50 : v < 100000 ? 500 : 5000;
    u = (int64_t)(v / (double)step + 0.5) * step;
    if (u < step)
        u = step;
    return (money_t)u * 100;
}

/* schedules: n_total spread over the days by weight; totals are exact */
static void
apportion(int32_t *out, const int64_t *w, int n, long long total)
{
    __int128 sum = 0, cum = 0;
    long long prev = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    for (int i = 0; i < n; i++) {
        cum += w[i];
        long long upto = sum ? (long long)(cum * total / sum) : 0;
        out[i] = (int32_t)(upto - prev);
        prev = upto;
    }
}

static void
schedule(int32_t *out, const int *season, const int *week, long long total, int skip_first)
{
    int64_t *w = xcalloc((size_t)ndays, sizeof *w);
    const double growth = 0.26236426446749106; /* ln 1.3: 30% a year */
    for (int i = skip_first; i < ndays; i++) {
        sdate d = S + i;
        int64_t g = (int64_t)(1000 * det_exp(growth * i / 365.0));
        w[i] = (int64_t)season[month_of(d) - 1] * week[date_weekday(d)] * g;
    }
    apportion(out, w, ndays, total);
    free(w);
}

/* ---- accounts and contacts ---------------------------------------------- */

struct aseed { /* a record to create today, before its details are drawn */
    int64_t ts;
    uint64_t seq;
    int owner; /* a rep (an account for feedback), or -1 */
    int conv;  /* index in the day's conversions, or -1; leads: the territory */
};

struct conv {
    struct ev e; /* the EV_CONVERT event */
    int owner;   /* who owns the account and deal */
    uint32_t acct, contact;
};

static int
seed_cmp(const void *a, const void *b)
{
    const struct aseed *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
account_name(uint32_t a, char *name, size_t n)
{
    const struct acct *A = &accts[a];
    if (A->seg == SEG_B2C) {
        struct person p;
        person_of(A->loc, A->key, &p);
        snprintf(name, n, "%s", p.name);
    } else {
        struct company c;
        company_of(A->terr, A->key, &c);
        snprintf(name, n, "%s", c.name);
    }
}

static void
write_contact(int64_t ts, uint32_t acct, const struct person *p, const char *email,
              const char *phone, const char *title, const char *cmd, const char *user)
{
    char id[16], acc[16], tsb[TS_BUFSZ];
    const char *f[8] = {idf(id, 'C', ++n_contact),
                        fmt_ts(ts, tsb),
                        idf(acc, 'A', acct),
                        p->name,
                        email,
                        phone,
                        title,
                        tsb};
    put_row(F_CONTACTS, f, 8);
    hist(ts, user, cmd, "contacts", id, "", "", "created");
}

/* Create account number n_acct+1 with its contacts; cv when it comes from
 * a lead conversion (the lead's person is its first contact). */
static uint32_t
make_account(int64_t ts, int owner, int seg, int terr, int loc, uint32_t key, const char *cmd,
             const char *user, const struct conv *cv)
{
    uint32_t n = ++n_acct;
    struct acct *A = &accts[n];
    char id[16], tsb[TS_BUFSZ], name[160], email[160], phone[64];
    struct company co = {"", ""};
    const struct locale *L = &locales[loc];
    const char *notes = chance(0.03) ? L->note[below((uint32_t)L->nnote)] : "";
    int team = territories[terr].team;

    A->key = key;
    A->seg = (uint8_t)seg;
    A->loc = (uint8_t)loc;
    A->terr = (uint8_t)terr;
    A->owner = (uint16_t)owner;
    if (seg != SEG_B2C)
        company_of(terr, key, &co);
    account_name(n, name, sizeof name);
    const char *f[9] = {idf(id, 'A', n),
                        fmt_ts(ts, tsb),
                        name,
                        co.domain,
                        segments[seg],
                        seg == SEG_B2C ? "Consumer" : industries[mix(key, 40) % N(industries)],
                        reps[owner].id,
                        tsb,
                        notes};
    put_row(F_ACCOUNTS, f, 9);
    hist(ts, user, cmd, "accounts", id, "", "", "created");
    if (alen[team][seg] == acap[team][seg]) {
        acap[team][seg] = acap[team][seg] ? acap[team][seg] * 2 : 64;
        alist[team][seg] = xrealloc(alist[team][seg], acap[team][seg] * sizeof(uint32_t));
    }
    alist[team][seg][alen[team][seg]++] = n;
    struct rep *O = &reps[owner];
    if (O->alen[seg] == O->acap[seg]) {
        O->acap[seg] = O->acap[seg] ? O->acap[seg] * 2 : 16;
        O->al[seg] = xrealloc(O->al[seg], O->acap[seg] * sizeof(uint32_t));
    }
    O->al[seg][O->alen[seg]++] = n;

    /* contacts: the person of a consumer account or of the converted lead
     * first, then colleagues */
    A->first_contact = n_contact + 1;
    int extra = seg == SEG_B2C ? 0 : seg == SEG_ENT ? (int)range(2, 4) : (int)range(1, 2);
    if (seg == SEG_B2C || cv) {
        struct person p;
        uint32_t pk = cv ? (uint32_t)cv->e.x : key;
        person_of(loc, pk, &p);
        email_of(loc, &p, co.domain, pk, cv ? cv->e.variant : 3, email, sizeof email);
        phone_of(terr, loc, pk, cv ? cv->e.variant : 0, phone, sizeof phone);
        write_contact(ts, n, &p, email, phone,
                      seg == SEG_B2C ? "" : L->title[mix(pk, 41) % (uint32_t)L->ntitle], cmd, user);
        A->ncontacts = 1;
        if (cv)
            extra = (int)range(0, 1);
    }
    for (int i = 0; i < extra; i++) {
        struct person p;
        uint32_t pk = (uint32_t)rnd();
        person_of(loc, pk, &p);
        email_of(loc, &p, co.domain, pk, (int)(mix(pk, 42) % 3), email, sizeof email);
        if (chance(0.7))
            phone_of(terr, loc, pk, 0, phone, sizeof phone);
        else
            phone[0] = '\0';
        write_contact(ts, n, &p, email, phone,
                      chance(0.6) ? L->title[mix(pk, 41) % (uint32_t)L->ntitle] : PICK(en_title),
                      cmd, user);
        A->ncontacts++;
    }
    return n;
}

/* ---- subscriptions ------------------------------------------------------ */

static void
make_subscription(int64_t ts, uint32_t acct, sdate start, money_t mrr, const char *plan)
{
    char id[16], acc[16], m[MONEY_BUFSZ], sd[DATE_BUFSZ], ed[DATE_BUFSZ] = "";
    int months = 0;
    while (months < 240 && !chance(0.015)) /* about 17% churn a year */
        months++;
    sdate end = date_add_months(start, months ? months : 1);
    if (months < 240 && end < T)
        date_format(end, ed);
    const char *f[6] = {idf(id, 'S', ++n_sub), idf(acc, 'A', acct),    plan,
                        money_str(mrr, m),     date_format(start, sd), ed};
    put_row(F_SUBS, f, 6);
    hist(ts, "billing", "sales-import", "subscriptions", id, "", "", "created");
}

static const char *
plan_for(money_t annual)
{
    return annual < 800000     ? "Starter"
           : annual < 3000000  ? "Growth"
           : annual < 10000000 ? "Scale"
                               : "Enterprise";
}

static void
became_customer(uint32_t a, money_t amount)
{
    if (!accts[a].won) {
        accts[a].won = 1;
        cust[ncust++] = a;
    }
    accts[a].last_won = amount;
}

/* ---- deals -------------------------------------------------------------- */

/* An account that existed as the day began: often one of the rep's own in
 * that segment (the more they own, the likelier), else one of the team's;
 * 0 when there is none. */
static uint32_t alen0[3][4];

static uint32_t
pick_account(int team, int seg, int r)
{
    const struct rep *R = &reps[r];
    double own = R->alen0[seg]; /* a rep with few accounts also works the team's */
    if (own > 0 && chance(own / (own + 10) < 0.75 ? own / (own + 10) : 0.75))
        return R->al[seg][below(R->alen0[seg])];
    int s = seg;
    if (!alen0[team][s]) {
        for (s = 0; s < 4 && !alen0[team][s]; s++)
            ;
        if (s == 4)
            return 0;
    }
    return alist[team][s][below(alen0[team][s])];
}

/* cents of a dollar amount rounded to step units */
static money_t
round_units(double units, int64_t step)
{
    int64_t u = (int64_t)(units / (double)step + 0.5) * step;
    return (money_t)(u < step ? step : u) * 100;
}

struct dev { /* one event of a deal's life */
    int64_t ts;
    int kind, a, b, c;
    int32_t x, y;
};

static void
dev_add(struct dev *v, int *n, int64_t ts, int kind, int a, int b, int c, int32_t x, int32_t y)
{
    if (*n < 40)
        v[(*n)++] = (struct dev){ts, kind, a, b, c, x, y};
}

/* Create deal n_deal+1 at t0, owned by rep r; cv when a lead converts;
 * imported: brought over from the old CRM on the first day, in any stage. */
static void
make_deal(int64_t t0, int r, const struct conv *cv, int imported)
{
    struct rep *R = &reps[r];
    int team = R->team, seg, src, type = DT_NEW, terr = R->terr, loc;
    uint32_t acct = 0, contact = 0, lead = 0, n = ++n_deal;
    sdate d0 = (sdate)(t0 / 86400);

    if (cv) {
        seg = cv->e.seg;
        src = cv->e.src;
        acct = cv->acct;
        contact = cv->contact;
        lead = cv->e.id;
        terr = cv->e.terr;
    } else {
        seg = pickw(team_seg[team], 4);
        acct = pick_account(team, seg, r);
        if (acct) {
            seg = accts[acct].seg;
            terr = accts[acct].terr;
            if (accts[acct].won) {
                int w[3] = {45, seg == SEG_B2C ? 0 : 30, 25};
                type = pickw(w, 3);
            }
            if (accts[acct].ncontacts && chance(0.85))
                contact = accts[acct].first_contact + below(accts[acct].ncontacts);
        }
        src = type == DT_NEW ? pickw(src_w[seg], NSRC) : SRC_EXISTING;
    }
    loc = acct ? accts[acct].loc : main_loc(terr);

    /* amount, in USD and maybe in the territory's currency */
    money_t usd, amount, base;
    const char *currency = "";
    if (type != DT_NEW && accts[acct].last_won > 0) {
        double last = (double)accts[acct].last_won / 100;
        usd = round_units(last * (type == DT_RENEWAL ? 0.9 + 0.25 * unit() : 0.2 + 0.4 * unit()),
                          seg == SEG_B2C ? 10 : 100);
    } else {
        usd = draw_amount(seg, R->size);
    }
    amount = base = usd;
    const struct territory *TR = &territories[terr];
    if (TR->currency && chance(TR->cur_pct / 100.0)) {
        for (size_t i = 0; i < N(rates); i++)
            if (strcmp(rates[i].code, TR->currency) == 0) {
                double units = (double)usd / 100 * 1e6 / (double)rates[i].micro;
                int64_t step = rates[i].micro < 100000 ? (seg == SEG_B2C ? 1000 : 10000)
                                                       : (seg == SEG_B2C ? 10 : 100);
                amount = round_units(units, step);
                base = money_round_div((__int128)amount * rates[i].micro, 1000000);
                currency = rates[i].code;
            }
    }

    /* its life */
    double pwin = (R->win + seg_win[seg] + src_win[src]) / 100.0;
    if (type == DT_RENEWAL)
        pwin = 0.78;
    else if (type == DT_EXPANSION)
        pwin = 0.62;
    if (d0 - R->hired < 90)
        pwin *= 0.7; /* still ramping */
    pwin = pwin < 0.05 ? 0.05 : pwin > 0.9 ? 0.9 : pwin;
    double u = unit();
    enum { WON, LOST, STALL } outcome = u < pwin ? WON : u < pwin + 0.12 ? STALL : LOST;
    int s0 = imported                        ? pickw((const int[]){35, 30, 20, 15}, 4)
             : type == DT_RENEWAL            ? 2
             : type == DT_EXPANSION || cv    ? 1
             : seg == SEG_B2C && chance(0.5) ? 2
                                             : 0;
    int kstop = 3;
    if (outcome != WON) {
        int w[4] = {0, 0, 0, 0};
        static const int lose_w[4] = {30, 35, 25, 10};
        for (int k = s0; k <= 3; k++)
            w[k] = outcome == STALL ? 40 - 10 * k : lose_w[k] * (k == R->weak ? 5 : 2);
        kstop = pickw(w, 4);
    }
    /* some larger deals take a budget cycle or two */
    int speed = R->speed * ((seg == SEG_B2B || seg == SEG_ENT) && chance(0.12) ? 5 : 2) / 2;
    struct dev v[40];
    int nv = 0;
    int64_t t = t0, entered = t0, end_ts = INT64_MAX;
    for (int i = s0; i <= 3; i++) {
        int64_t dur = (int64_t)(seg_days[seg][i] * speed / 100.0 * gamma2() * 86400) + 3600;
        if (outcome == LOST && i == kstop) {
            end_ts = snap(t + (int64_t)((double)dur * (0.3 + 0.9 * unit())), team);
            dev_add(v, &nv, end_ts, EV_CLOSE, i, ST_LOST, pickw(reason_w, (int)N(reason_w)), 0, 0);
            break;
        }
        if (outcome == STALL && i == kstop) {
            if (chance(0.9)) { /* most stalled deals are closed lost at last */
                end_ts = snap(t + range(60, 180) * 86400, team);
                dev_add(v, &nv, end_ts, EV_CLOSE, i, ST_LOST,
                        chance(0.6) ? RS_NO_DECISION : RS_WENT_DARK, 0, 0);
            }
            break;
        }
        t = snap(t + dur, team);
        if (i < 3) {
            dev_add(v, &nv, t, EV_STAGE, i, i + 1, 0, 0, 0);
            entered = t;
            continue;
        }
        /* won: a deal won just after a quarter began is often pulled in */
        struct period q;
        sdate wd = (sdate)(t / 86400);
        period_of(wd, PERIOD_QUARTER, &cal, &q);
        if (wd - q.start < 7 && chance(0.5)) {
            int64_t nt = biz_ts(q.start - 1 - (sdate)range(0, 2), team);
            if (nt > entered + 3600)
                t = nt;
        }
        end_ts = t;
        dev_add(v, &nv, t, EV_CLOSE, 3, ST_WON, 0, 0, 0);
    }

    /* the expected close date, and how it slips */
    sdate close = DATE_NONE;
    if (!chance(0.04)) {
        double days = 0;
        for (int i = s0; i <= 3; i++)
            days += seg_days[seg][i];
        days = days * speed / 100.0 * R->opt / 100.0 * (0.8 + 0.4 * unit());
        close = d0 + 1 + (sdate)days;
        if (chance(0.3)) { /* the end of that month */
            int y, m, dd;
            date_to_ymd(close, &y, &m, &dd);
            close = date_from_ymd(y, m, days_in_month(y, m));
        }
    }
    for (int k = 0; k < 12 && close != DATE_NONE; k++) {
        int64_t st = snap((int64_t)close * 86400, team);
        if (st >= end_ts || st >= cutoff || !chance(0.72))
            break;
        sdate nc = close + (sdate)range(14, 45);
        dev_add(v, &nv, st, EV_SLIP, 0, 0, 0, close, nc);
        close = nc;
    }

    /* a rep who leaves hands open deals to a colleague */
    int owner = r;
    int64_t own_ts = INT64_MAX;
    if (R->left != DATE_NONE) {
        int64_t ts = (int64_t)R->left * 86400 + work_start(team) + 1800;
        if (ts > t0 && ts < end_ts && ts < cutoff) {
            owner = team_taker(r, R->left);
            own_ts = ts;
            dev_add(v, &nv, ts, EV_OWNER, 0, 0, 0, r, owner);
        }
    }

    /* events in order; those before the cut-off happened */
    for (int i = 1; i < nv; i++)
        for (int j = i; j > 0 && v[j].ts < v[j - 1].ts; j--) {
            struct dev tmp = v[j];
            v[j] = v[j - 1];
            v[j - 1] = tmp;
        }
    int stage = s0, reason = -1;
    sdate closed = DATE_NONE;
    int64_t updated = t0;
    for (int i = 0; i < nv && v[i].ts < cutoff; i++) {
        struct ev e = {0};
        e.ts = v[i].ts;
        e.id = n;
        e.kind = (uint8_t)v[i].kind;
        e.a = (uint8_t)v[i].a;
        e.b = (uint8_t)v[i].b;
        e.c = (uint8_t)v[i].c;
        e.x = v[i].x;
        e.y = v[i].y;
        e.user = (uint16_t)(v[i].ts >= own_ts ? owner : r);
        if (v[i].kind == EV_STAGE)
            stage = v[i].b;
        else if (v[i].kind == EV_CLOSE) {
            stage = v[i].b;
            closed = (sdate)(v[i].ts / 86400);
            if (stage == ST_LOST)
                reason = v[i].c;
            e.amount = base;
            e.x = (int32_t)acct;
            e.seg = (uint8_t)seg;
            e.src = (uint8_t)src;
            e.dtype = (uint8_t)type;
        }
        updated = v[i].ts;
        ev_push(e);
    }

    /* manual overrides on some open deals */
    char prob[8] = "", *category = "";
    if (stage < ST_WON) {
        static const int probs[] = {5, 15, 25, 35, 40, 60, 65, 70, 75, 90};
        if (chance(0.05))
            snprintf(prob, sizeof prob, "%d", PICK(probs));
        if (chance(0.03))
            category = stage >= 2 ? (chance(0.5) ? "commit" : "omitted") : "best";
    }

    /* the row */
    char id[16], acc[16], con[16], ld[16], tsb[TS_BUFSZ], upd[TS_BUFSZ], am[MONEY_BUFSZ],
        cl[DATE_BUFSZ] = "", cd[DATE_BUFSZ] = "", name[256], an[160];
    const char *product;
    char pbuf[64];
    if (type == DT_RENEWAL) {
        snprintf(pbuf, sizeof pbuf, "Renewal %d", year_of(d0) + 1);
        product = pbuf;
    } else if (type == DT_EXPANSION) {
        snprintf(pbuf, sizeof pbuf, "Expansion (+%d seats)", (int)range(1, 10) * 5);
        product = pbuf;
    } else if (locales[loc].product[seg] && chance(0.3)) {
        product = locales[loc].product[seg];
    } else {
        product = products[seg][below(4)];
    }
    if (acct) {
        account_name(acct, an, sizeof an);
        snprintf(name, sizeof name, "%s – %s", an, product);
    } else {
        snprintf(name, sizeof name, "%s", product);
    }
    if (close != DATE_NONE)
        date_format(close, cl);
    if (closed != DATE_NONE)
        date_format(closed, cd);
    const char *f[19] = {idf(id, 'D', n),
                         fmt_ts(t0, tsb),
                         name,
                         acct ? idf(acc, 'A', acct) : "",
                         contact ? idf(con, 'C', contact) : "",
                         lead ? idf(ld, 'L', lead) : "",
                         reps[own_ts < cutoff ? owner : r].id,
                         stage_name[stage],
                         money_str(amount, am),
                         currency,
                         prob,
                         category,
                         cl,
                         cd,
                         segments[seg],
                         sources[src],
                         deal_types[type],
                         reason >= 0 ? reasons[reason] : "",
                         fmt_ts(updated, upd)};
    put_row(F_DEALS, f, 19);
    hist(t0,
         imported ? "salesops"
         : cv     ? reps[cv->e.user].id
                  : R->id,
         imported ? "sales-import"
         : cv     ? "lead-convert"
                  : "deal-add",
         "deals", id, "", "", "created");
    R->dr[R->ndr++ % RING] =
        (struct dring){t0, n, acct, contact, closed != DATE_NONE ? closed : (sdate)(T - 1)};
}

/* ---- leads -------------------------------------------------------------- */

static void
lead_event(uint32_t n, int64_t ts, int owner, int from, int to)
{
    struct ev e = {0};
    e.ts = ts;
    e.id = n;
    e.kind = EV_LSTATUS;
    e.user = (uint16_t)owner;
    e.a = (uint8_t)from;
    e.b = (uint8_t)to;
    ev_push(e);
}

/* Create lead n_lead+1 at ts; owner -1: not assigned yet. Its future
 * (contacted, qualified, converted or disqualified) is drawn now. */
static void
make_lead(int64_t ts, int owner, int terr)
{
    uint32_t n = ++n_lead, pk, ck;
    int team = territories[terr].team, loc, seg, src, variant = 0;

    if (ndup > 0 && chance(0.03)) { /* the same person again, written differently */
        unsigned j = below(ndup < 256 ? ndup : 256);
        pk = dupkeys[j].person;
        ck = dupkeys[j].company;
        loc = dupkeys[j].loc;
        seg = dupkeys[j].seg;
        terr = dupkeys[j].terr;
        variant = 1 + (int)below(3);
    } else {
        loc = loc_of_terr(terr);
        seg = pickw(team_lead_seg[team], 4);
        pk = (uint32_t)rnd();
        ck = (uint32_t)rnd();
    }
    src = pickw(src_w[seg], NSRC);
    dupkeys[ndup % 256].person = pk;
    dupkeys[ndup % 256].company = ck;
    dupkeys[ndup % 256].loc = (uint8_t)loc;
    dupkeys[ndup % 256].seg = (uint8_t)seg;
    dupkeys[ndup % 256].terr = (uint8_t)terr;
    ndup++;

    struct person p;
    struct company co = {"", ""};
    char email[160], phone[64] = "";
    person_of(loc, pk, &p);
    if (seg != SEG_B2C)
        company_of(terr, ck, &co);
    email_of(loc, &p, seg == SEG_B2C ? NULL : co.domain, pk, variant, email, sizeof email);
    if (chance(0.85))
        phone_of(terr, loc, pk, variant, phone, sizeof phone);

    int status = LS_NEW;
    int64_t last = ts;
    sdate end = T - 1;
    if (owner >= 0) {
        int64_t limit = cutoff;
        int ot = reps[owner].team;
        if (reps[owner].left != DATE_NONE && (int64_t)reps[owner].left * 86400 < limit)
            limit = (int64_t)reps[owner].left * 86400;
        /* reps who do less answer later; a few leads slip through */
        int64_t t = snap(ts + range(600, 3 * 86400) * 100 / reps[owner].act, ot);
        if (chance(0.06))
            t = limit;
        if (t < limit) {
            lead_event(n, t, owner, LS_NEW, LS_CONTACTED);
            struct ev touch = {0}; /* the first call or email, an activity */
            touch.ts = t;
            touch.id = n;
            touch.kind = EV_TOUCH;
            touch.user = (uint16_t)owner;
            touch.loc = (uint8_t)loc;
            ev_push(touch);
            status = LS_CONTACTED;
            last = t;
            double q = src_qualify[src] + (seg == SEG_ENT ? 0.05 : seg == SEG_B2C ? -0.05 : 0);
            double u = unit();
            if (u < q) {
                int64_t t2 = snap(t + range(2, 14) * 86400, ot);
                if (t2 < limit) {
                    lead_event(n, t2, owner, LS_CONTACTED, LS_QUALIFIED);
                    status = LS_QUALIFIED;
                    last = t2;
                    double u2 = unit();
                    if (u2 < 0.55) {
                        int64_t tc = snap(t2 + range(1, 21) * 86400, ot);
                        int k = (int)(tc / 86400 - S), found = -1;
                        for (int j = k; j < ndays && j <= k + 14; j++)
                            if (j >= 1 && conv_deal[j] < sch_deal[j] &&
                                conv_acct[j] < sch_acct[j]) {
                                found = j;
                                break;
                            }
                        if (found > k)
                            tc = (int64_t)(S + found) * 86400 + tc % 86400;
                        if (found >= 0 && tc < limit) {
                            struct ev e = {0};
                            e.ts = tc;
                            e.id = n;
                            e.kind = EV_CONVERT;
                            e.user = (uint16_t)owner;
                            e.x = (int32_t)pk;
                            e.y = (int32_t)ck;
                            e.loc = (uint8_t)loc;
                            e.terr = (uint8_t)terr;
                            e.seg = (uint8_t)seg;
                            e.src = (uint8_t)src;
                            e.variant = (uint8_t)variant;
                            ev_push(e);
                            conv_deal[found]++;
                            conv_acct[found]++;
                            status = LS_CONVERTED;
                            last = tc;
                            end = S + found;
                        }
                    } else if (u2 < 0.85) {
                        int64_t t3 = snap(t2 + range(5, 40) * 86400, ot);
                        if (t3 < limit) {
                            lead_event(n, t3, owner, LS_QUALIFIED, LS_DISQUALIFIED);
                            status = LS_DISQUALIFIED;
                            last = t3;
                            end = (sdate)(t3 / 86400);
                        }
                    }
                }
            } else if (u < q + 0.45) {
                int64_t t3 = snap(t + range(3, 30) * 86400, ot);
                if (t3 < limit) {
                    lead_event(n, t3, owner, LS_CONTACTED, LS_DISQUALIFIED);
                    status = LS_DISQUALIFIED;
                    last = t3;
                    end = (sdate)(t3 / 86400);
                }
            }
        }
    }

    static const int src_score[NSRC] = {45, 60, 50, 55, 30, 35};
    static const int status_score[5] = {0, 0, 8, -10, 15};
    int score = src_score[src] +
                (seg == SEG_ENT   ? 10
                 : seg == SEG_B2B ? 5
                 : seg == SEG_B2C ? -5
                                  : 0) +
                status_score[status] + (int)range(-15, 15);
    char sc[8] = "";
    if (!(status == LS_NEW && chance(0.3)))
        snprintf(sc, sizeof sc, "%d", score < 0 ? 0 : score > 100 ? 100 : score);
    const struct locale *L = &locales[loc];
    char id[16], tsb[TS_BUFSZ], upd[TS_BUFSZ];
    const char *f[13] = {idf(id, 'L', n),
                         fmt_ts(ts, tsb),
                         p.name,
                         co.name,
                         email,
                         phone,
                         sources[src],
                         segments[seg],
                         owner >= 0 ? reps[owner].id : "",
                         lead_status[status],
                         sc,
                         fmt_ts(last, upd),
                         chance(0.12) ? L->note[below((uint32_t)L->nnote)] : ""};
    put_row(F_LEADS, f, 13);
    hist(ts,
         src == 0 || src == 5 ? "webform"
         : owner >= 0         ? reps[owner].id
                              : "salesops",
         "lead-add", "leads", id, "", "", "created");
    if (owner >= 0)
        reps[owner].lr[reps[owner].nlr++ % RING] = (struct lring){ts, n, end, loc};
}

/* ---- activities --------------------------------------------------------- */

static const char *const act_types[NATYPE] = {"call", "email",  "meeting", "demo",
                                              "chat", "social", "note",    "task"};
static const int type_w[3][NATYPE] = {
    {20, 25, 30, 3, 0, 2, 12, 8}, /* manager */
    {25, 30, 12, 8, 5, 5, 8, 7},  /* ae */
    {40, 33, 0, 0, 6, 13, 3, 5},  /* sdr */
};
static const char *const subj_call[] = {"Intro call",    "Discovery call", "Follow-up call",
                                        "Pricing call",  "Check-in",       "Callback",
                                        "Reference call"};
static const char *const subj_email[] = {"Proposal",   "Quote attached", "Re: pricing", "Intro",
                                         "Case study", "Contract draft", "Following up"};
static const char *const subj_meeting[] = {"On-site visit",      "QBR",
                                           "Kick-off",           "Steering committee",
                                           "Lunch with sponsor", "Contract review"};
static const char *const subj_demo[] = {"Product demo", "Technical deep dive", "Demo: analytics",
                                        "Demo: integrations", "Pilot review"};
static const char *const subj_chat[] = {"Website chat", "Pricing question", "Support handoff"};
static const char *const subj_social[] = {"LinkedIn connect", "InMail", "Commented on post"};
static const char *const subj_note[] = {"Account notes", "Org chart update", "Competitor info",
                                        "Budget info"};
static const char *const subj_task[] = {"Send proposal",     "Prepare quote",
                                        "Update close date", "Follow up on contract",
                                        "Book demo",         "Send case study"};

static const struct {
    const char *const *v;
    int n;
} subjects[NATYPE] = {{ARR(subj_call)}, {ARR(subj_email)},  {ARR(subj_meeting)}, {ARR(subj_demo)},
                      {ARR(subj_chat)}, {ARR(subj_social)}, {ARR(subj_note)},    {ARR(subj_task)}};

static const char *const out_call[] = {"connected",          "no answer",    "left voicemail",
                                       "callback requested", "wrong number", "meeting booked",
                                       "not interested"};
static const int out_call_w[] = {35, 25, 20, 8, 2, 6, 4};
static const char *const out_email[] = {"sent", "opened", "replied", "bounced", "no reply"};
static const int out_email_w[] = {40, 20, 25, 3, 12};
static const char *const out_meeting[] = {"held", "rescheduled", "no-show", "next steps agreed"};
static const int out_meeting_w[] = {55, 15, 5, 25};
static const char *const out_demo[] = {"completed", "follow-up scheduled", "not a fit",
                                       "trial started"};
static const int out_demo_w[] = {45, 30, 10, 15};
static const char *const out_chat[] = {"answered", "lead captured", "resolved"};
static const char *const out_social[] = {"connected", "message sent", "replied", "no response"};

/* a deal of the rep's that is open at ts, or NULL */
static const struct dring *
ring_deal(const struct rep *R, int64_t ts)
{
    unsigned n = R->ndr < RING ? R->ndr : RING;
    for (int k = 0; k < 4 && n; k++) {
        const struct dring *x = &R->dr[below(n)];
        if (x->from <= ts && (sdate)(ts / 86400) <= x->to)
            return x;
    }
    return NULL;
}

static const struct lring *
ring_lead(const struct rep *R, int64_t ts)
{
    unsigned n = R->nlr < RING ? R->nlr : RING;
    for (int k = 0; k < 4 && n; k++) {
        const struct lring *x = &R->lr[below(n)];
        if (x->from <= ts && (sdate)(ts / 86400) <= x->to)
            return x;
    }
    return NULL;
}

/* done: when a task or follow-up due on `due`, logged at ts, was done ("" open) */
static void
done_of(int64_t ts, sdate due, int team, char *buf)
{
    int64_t t = -1;
    buf[0] = '\0';
    if (due < T) {
        if (chance(0.78)) {
            t = snap((int64_t)(due - (sdate)range(0, 2)) * 86400, team);
            if (t <= ts)
                t = ts + range(600, 7200);
        }
    } else if (chance(0.12)) {
        t = ts + range(600, 86400);
    }
    if (t < 0 && due < T - 30) {
        /* reps clear out old tasks in the end: none stays open a month
         * past due (no random draw here, so the rest of the data is as before) */
        t = (int64_t)(due + 3) * 86400 + work_start(team) + 3600;
        if (t <= ts)
            t = ts + 3600;
    }
    if (t >= 0 && t < cutoff)
        fmt_ts(t, buf);
}

/* Log activity n_act+1 at ts by rep r; touch: the first contact with a
 * new lead (a call or an email to it), else what the rep works on. */
static void
make_activity(int64_t ts, int r, const struct ev *touch)
{
    const struct rep *R = &reps[r];
    int team = R->team, type = pickw(type_w[R->role], NATYPE), loc = main_loc(R->terr), seg = -1;
    uint32_t lead = 0, acct = 0, contact = 0, deal = 0;
    double u = unit();

    if (touch) {
        lead = touch->id;
        loc = touch->loc;
        type = chance(0.55) ? A_CALL : A_EMAIL;
    } else if (R->role == R_SDR ? u < 0.78 : u >= 0.8 && u < 0.9) {
        const struct lring *l = ring_lead(R, ts);
        if (l) {
            lead = l->lead;
            loc = l->loc;
        }
    } else if (R->role != R_SDR && u < 0.55) {
        const struct dring *d = ring_deal(R, ts);
        if (d) {
            deal = d->deal;
            acct = d->acct;
            if (d->contact && chance(0.8))
                contact = d->contact;
        }
    }
    if (!touch && !lead && !deal && u < (R->role == R_SDR ? 0.92 : 0.9)) {
        acct = pick_account(team, (int)below(4), r);
        if (acct && accts[acct].ncontacts && chance(0.6))
            contact = accts[acct].first_contact + below(accts[acct].ncontacts);
    }
    if (acct) {
        loc = accts[acct].loc;
        seg = accts[acct].seg;
    }
    if (type == A_MEETING && seg < 0 && !acct && !deal)
        type = A_CALL; /* a meeting is with someone */

    const char *channel = "crm", *outcome = "";
    char dur[16] = "", due[DATE_BUFSZ] = "", done[TS_BUFSZ] = "";
    switch (type) {
    case A_CALL:
        channel = "phone";
        outcome = out_call[pickw(out_call_w, (int)N(out_call_w))];
        snprintf(dur, sizeof dur, "%d",
                 strcmp(outcome, "connected") == 0 || strcmp(outcome, "meeting booked") == 0 ||
                         strcmp(outcome, "not interested") == 0
                     ? (int)range(3, 35)
                     : (int)range(0, 1));
        break;
    case A_EMAIL:
        channel = "email";
        outcome = out_email[pickw(out_email_w, (int)N(out_email_w))];
        break;
    case A_MEETING:
        channel = seg == SEG_B2C && chance(0.6) ? "store" : chance(0.55) ? "video" : "in person";
        outcome = out_meeting[pickw(out_meeting_w, (int)N(out_meeting_w))];
        snprintf(dur, sizeof dur, "%d", 15 * (int)range(2, 6));
        break;
    case A_DEMO: {
        int k = pickw((const int[]){70, 20, 10}, 3);
        channel = k == 0 ? "video" : k == 1 ? "web" : "in person";
        outcome = out_demo[pickw(out_demo_w, (int)N(out_demo_w))];
        snprintf(dur, sizeof dur, "%d", 15 * (int)range(3, 6));
        break;
    }
    case A_CHAT:
        channel = loc == L_ZH && chance(0.5)                    ? "wechat"
                  : loc == L_JA && chance(0.5)                  ? "line"
                  : loc == L_KO && chance(0.5)                  ? "kakaotalk"
                  : (loc == L_ES || loc == L_PT) && chance(0.4) ? "whatsapp"
                  : chance(0.6)                                 ? "chat"
                                                                : "web";
        outcome = PICK(out_chat);
        snprintf(dur, sizeof dur, "%d", (int)range(5, 25));
        break;
    case A_SOCIAL:
        channel = loc == L_DE && chance(0.3)   ? "xing"
                  : loc == L_ZH && chance(0.4) ? "wechat"
                  : chance(0.85)               ? "linkedin"
                                               : "twitter";
        outcome = PICK(out_social);
        break;
    case A_TASK: {
        int k = pickw((const int[]){60, 20, 20}, 3);
        channel = k == 0 ? "crm" : k == 1 ? "phone" : "email";
        break;
    }
    default:
        break;
    }
    if (type == A_TASK ||
        ((type == A_CALL || type == A_EMAIL || type == A_MEETING) && chance(0.12))) {
        sdate dd =
            (sdate)(ts / 86400) + (sdate)range(type == A_TASK ? 1 : 2, type == A_TASK ? 10 : 7);
        date_format(dd, due);
        done_of(ts, dd, team, done);
    }
    const char *subject = locales[loc].subject[type] && chance(0.25)
                              ? locales[loc].subject[type]
                              : subjects[type].v[below((uint32_t)subjects[type].n)];
    const char *notes = chance(0.04) ? locales[loc].note[below((uint32_t)locales[loc].nnote)] : "";
    char id[16], tsb[TS_BUFSZ], ld[16], ac[16], co[16], dl[16];
    const char *f[15] = {idf(id, 'T', ++n_act),
                         fmt_ts(ts, tsb),
                         R->id,
                         act_types[type],
                         channel,
                         lead ? idf(ld, 'L', lead) : "",
                         acct ? idf(ac, 'A', acct) : "",
                         contact ? idf(co, 'C', contact) : "",
                         deal ? idf(dl, 'D', deal) : "",
                         subject,
                         outcome,
                         dur,
                         due,
                         done,
                         notes};
    put_row(F_ACTIVITIES, f, 15);
    hist(ts, R->id, "activity-log", "activities", id, "", "", "created");
}

/* ---- feedback ----------------------------------------------------------- */

static const int nps_w[4][11] = {
    {4, 2, 3, 3, 4, 6, 8, 12, 18, 20, 20},
    {2, 1, 2, 3, 4, 6, 9, 14, 22, 20, 17},
    {1, 1, 1, 2, 3, 5, 9, 15, 24, 21, 18},
    {3, 2, 2, 3, 4, 6, 8, 12, 20, 21, 19},
};

static void
make_feedback(int64_t ts, uint32_t a)
{
    const struct acct *A = &accts[a];
    const struct locale *L = &locales[A->loc];
    int score = pickw(nps_w[A->seg], 11);
    int k = pickw((const int[]){50, A->seg == SEG_SAAS ? 35 : 0, 10, 15}, 4);
    static const char *const chans[] = {"email", "in-app", "phone", "web"};
    const char *comment = "";
    if (chance(0.45)) {
        int good = score >= 9 || (score >= 7 && chance(0.5));
        comment = good ? L->fb_good[below((uint32_t)L->nfb_good)]
                       : L->fb_bad[below((uint32_t)L->nfb_bad)];
    }
    char id[16], tsb[TS_BUFSZ], ac[16], co[16], sc[8];
    snprintf(sc, sizeof sc, "%d", score);
    const char *f[7] = {idf(id, 'F', ++n_fb),
                        fmt_ts(ts, tsb),
                        idf(ac, 'A', a),
                        A->ncontacts && chance(0.85) ? idf(co, 'C', A->first_contact) : "",
                        sc,
                        chans[k],
                        comment};
    put_row(F_FEEDBACK, f, 7);
    hist(ts, "nps-sync", "sales-import", "feedback", id, "", "", "created");
}

/* ---- events that come due ----------------------------------------------- */

static void
deal_won(const struct ev *e)
{
    sdate d = (sdate)(e->ts / 86400);
    int q = quarter_index(d), m = month_index(d);
    if (q >= 0 && q < nq)
        reps[e->user].won_q[q] += e->amount;
    if (m >= 0 && m < nmonths)
        won_src[m][e->src] += e->amount;
    if (!e->x)
        return;
    uint32_t a = (uint32_t)e->x;
    became_customer(a, e->amount);
    if (e->seg == SEG_SAAS && e->dtype != DT_RENEWAL)
        make_subscription(e->ts, a, d, e->amount / 12,
                          e->dtype == DT_EXPANSION ? "Add-on" : plan_for(e->amount));
    else if (e->seg == SEG_B2B && e->dtype == DT_NEW && chance(0.3))
        make_subscription(e->ts, a, d, e->amount * 15 / 100 / 12, "Support");
}

static void
apply_event(const struct ev *e)
{
    char id[16], a[DATE_BUFSZ], b[DATE_BUFSZ];
    const char *user = reps[e->user].id;
    switch (e->kind) {
    case EV_STAGE:
        hist(e->ts, user, "deal-move", "deals", idf(id, 'D', e->id), "stage", stage_name[e->a],
             stage_name[e->b]);
        break;
    case EV_CLOSE:
        idf(id, 'D', e->id);
        hist(e->ts, user, "deal-close", "deals", id, "stage", stage_name[e->a], stage_name[e->b]);
        hist(e->ts, user, "deal-close", "deals", id, "closed", "",
             date_format((sdate)(e->ts / 86400), a));
        if (e->b == ST_LOST)
            hist(e->ts, user, "deal-close", "deals", id, "lost_reason", "", reasons[e->c]);
        else
            deal_won(e);
        break;
    case EV_SLIP:
        hist(e->ts, user, "deal-update", "deals", idf(id, 'D', e->id), "close",
             date_format(e->x, a), date_format(e->y, b));
        break;
    case EV_OWNER:
        hist(e->ts, "salesops", "deal-update", "deals", idf(id, 'D', e->id), "owner", reps[e->x].id,
             reps[e->y].id);
        break;
    case EV_LSTATUS:
        hist(e->ts, user, "lead-update", "leads", idf(id, 'L', e->id), "status", lead_status[e->a],
             lead_status[e->b]);
        break;
    }
}

/* ---- the days ----------------------------------------------------------- */

/* a rep to own a new lead on day d, or -1 (not assigned yet) */
static int
pick_lead_owner(sdate d)
{
    int w[4096], n = nreps < 4096 ? nreps : 4096, any = 0;
    if (chance(T - d < 21 ? 0.25 : 0.01))
        return -1;
    for (int r = 0; r < n; r++) {
        static const int role_w[3] = {3, 14, 30};
        w[r] = rep_active(r, d) ? role_w[reps[r].role] * reps[r].act : 0;
        any |= w[r] > 0;
    }
    return any ? pickw(w, n) : -1;
}

static int
pick_activity_rep(sdate d)
{
    int w[4096], n = nreps < 4096 ? nreps : 4096, any = 0;
    for (int r = 0; r < n; r++) {
        static const int role_w[3] = {50, 100, 180};
        w[r] = rep_active(r, d) ? role_w[reps[r].role] * reps[r].act : 0;
        any |= w[r] > 0;
    }
    return any ? pickw(w, n) : -1;
}

/* the accounts that exist now are the ones deals and activities may use */
static void
snapshot_accounts(void)
{
    memcpy(alen0, alen, sizeof alen0);
    for (int r = 0; r < nreps; r++)
        memcpy(reps[r].alen0, reps[r].alen, sizeof reps[r].alen0);
}

static struct aseed *seeds;
static size_t nseeds, capseeds;
static uint64_t seedseq;

static void
seed_add(int64_t ts, int owner, int conv)
{
    if (nseeds == capseeds) {
        capseeds = capseeds ? capseeds * 2 : 1024;
        seeds = xrealloc(seeds, capseeds * sizeof *seeds);
    }
    seeds[nseeds++] = (struct aseed){ts, seedseq++, owner, conv};
}

static void
seeds_sort(void)
{
    if (nseeds > 1)
        qsort(seeds, nseeds, sizeof *seeds, seed_cmp);
}

/* The first day: the team exists; the customer base and the open
 * pipeline are imported from the old CRM (so the pipeline is not empty). */
static void
first_day(void)
{
    int64_t ts = (int64_t)S * 86400; /* before anyone starts work */
    for (int r = 0; r < nreps; r++)
        if (reps[r].hired <= S)
            hist(ts, "salesops", "rep-add", "reps", reps[r].id, "", "", "created");
    for (int k = 0; k < sch_acct[0]; k++) {
        int owner = pick_deal_owner(S, -1);
        if (owner < 0)
            owner = 0;
        int terr = reps[owner].terr, seg = pickw(team_seg[reps[owner].team], 4);
        uint32_t a = make_account(ts, owner, seg, terr, loc_of_terr(terr), (uint32_t)rnd(),
                                  "sales-import", "salesops", NULL);
        if (chance(0.4)) { /* already a customer */
            money_t amt = draw_amount(seg, 100);
            became_customer(a, amt);
            if ((seg == SEG_SAAS && chance(0.7)) || (seg == SEG_B2B && chance(0.25)))
                make_subscription(ts + 900, a, S - (sdate)range(30, 900),
                                  seg == SEG_SAAS ? amt / 12 : amt * 15 / 100 / 12,
                                  seg == SEG_SAAS ? plan_for(amt) : "Support");
        }
    }
    snapshot_accounts();
    for (long long k = 0; k < n_import_deals; k++) {
        int owner = pick_deal_owner(S, -1);
        if (owner >= 0)
            make_deal(ts, owner, NULL, 1);
    }
}

static void
simulate(void)
{
    struct ev *L = NULL;
    struct conv *cv = NULL;
    size_t nL = 0, capL = 0, ncv, capcv = 0;
    long long carry_deal = 0, carry_act = 0, carry_fb = 0;

    for (int i = 0; i < ndays; i++) {
        sdate d = S + i;
        int64_t dend = ((int64_t)d + 1) * 86400;
        if (i == 0)
            first_day();
        snapshot_accounts();
        for (int r = 0; r < nreps; r++)
            if (i > 0 && reps[r].hired == d)
                hist((int64_t)d * 86400 + work_start(reps[r].team), "salesops", "rep-add", "reps",
                     reps[r].id, "", "", "created");

        /* what comes due today; conversions first, they make records */
        nL = 0;
        for (;;) {
            if (nL == capL) {
                capL = capL ? capL * 2 : 1024;
                L = xrealloc(L, capL * sizeof *L);
            }
            if (!ev_pop(dend, &L[nL]))
                break;
            nL++;
        }
        ncv = 0;
        for (size_t k = 0; k < nL; k++) {
            if (L[k].kind != EV_CONVERT)
                continue;
            if (ncv == capcv) {
                capcv = capcv ? capcv * 2 : 64;
                cv = xrealloc(cv, capcv * sizeof *cv);
            }
            struct conv *c = &cv[ncv++];
            int o = L[k].user;
            c->e = L[k];
            c->owner = reps[o].role == R_SDR || !rep_active(o, d) ? team_taker(o, d) : o;
            c->acct = c->contact = 0;
        }

        /* accounts */
        nseeds = 0;
        if (i > 0) {
            long long n = sch_acct[i] - (long long)ncv;
            for (long long k = 0; k < n; k++) {
                int o = pick_deal_owner(d, -1);
                if (o >= 0)
                    seed_add(biz_ts(d, reps[o].team), o, -1);
            }
        }
        for (size_t k = 0; k < ncv; k++)
            seed_add(cv[k].e.ts, cv[k].owner, (int)k);
        seeds_sort();
        for (size_t k = 0; k < nseeds; k++) {
            struct aseed *z = &seeds[k];
            if (z->conv >= 0) {
                struct conv *c = &cv[z->conv];
                const char *user = reps[c->e.user].id;
                char lid[16];
                c->acct = make_account(z->ts, z->owner, c->e.seg, c->e.terr, c->e.loc,
                                       c->e.seg == SEG_B2C ? (uint32_t)c->e.x : (uint32_t)c->e.y,
                                       "lead-convert", user, c);
                c->contact = accts[c->acct].first_contact;
                hist(z->ts, user, "lead-convert", "leads", idf(lid, 'L', c->e.id), "status",
                     "qualified", "converted");
            } else {
                int terr = reps[z->owner].terr;
                make_account(z->ts, z->owner, pickw(team_seg[reps[z->owner].team], 4), terr,
                             loc_of_terr(terr), (uint32_t)rnd(), "account-add", reps[z->owner].id,
                             NULL);
            }
        }

        /* deals */
        nseeds = 0;
        long long nd = sch_deal[i] - (long long)ncv + carry_deal;
        carry_deal = 0;
        for (long long k = 0; k < nd; k++) {
            int o = pick_deal_owner(d, -1);
            if (o < 0) {
                carry_deal = nd - k;
                break;
            }
            seed_add(biz_ts(d, reps[o].team), o, -1);
        }
        for (size_t k = 0; k < ncv; k++)
            seed_add(cv[k].e.ts, cv[k].owner, (int)k);
        seeds_sort();
        for (size_t k = 0; k < nseeds; k++)
            make_deal(seeds[k].ts, seeds[k].owner, seeds[k].conv >= 0 ? &cv[seeds[k].conv] : NULL,
                      0);

        /* leads arrive at any hour */
        nseeds = 0;
        for (int k = 0; k < sch_lead[i]; k++) {
            int o = pick_lead_owner(d), terr;
            if (o >= 0) {
                terr = reps[o].terr;
            } else {
                int r = pick_activity_rep(d);
                terr = reps[r >= 0 ? r : 0].terr;
            }
            seed_add((int64_t)d * 86400 + below(86400), o, terr);
        }
        seeds_sort();
        for (size_t k = 0; k < nseeds; k++)
            make_lead(seeds[k].ts, seeds[k].owner, seeds[k].conv);

        /* what else happens today: deals and leads made today added theirs */
        for (;;) {
            if (nL == capL) {
                capL = capL ? capL * 2 : 1024;
                L = xrealloc(L, capL * sizeof *L);
            }
            if (!ev_pop(dend, &L[nL]))
                break;
            assert(L[nL].kind != EV_CONVERT);
            nL++;
        }

        /* activities: first touches of new leads, then the rest of the day's */
        nseeds = 0;
        for (size_t k = 0; k < nL; k++)
            if (L[k].kind == EV_TOUCH)
                seed_add(L[k].ts, L[k].user, (int)k);
        long long na = sch_act[i] + carry_act - (long long)nseeds;
        carry_act = na < 0 ? na : 0;
        for (long long k = 0; k < na; k++) {
            int r = pick_activity_rep(d);
            if (r < 0) {
                carry_act = na - k;
                break;
            }
            seed_add(biz_ts(d, reps[r].team), r, -1);
        }
        seeds_sort();
        for (size_t k = 0; k < nseeds; k++)
            make_activity(seeds[k].ts, seeds[k].owner,
                          seeds[k].conv >= 0 ? &L[seeds[k].conv] : NULL);

        /* feedback from customers */
        long long nf = sch_fb[i] + carry_fb;
        carry_fb = 0;
        if (ncust == 0) {
            carry_fb = nf;
        } else {
            nseeds = 0;
            for (long long k = 0; k < nf; k++)
                seed_add(0, (int)cust[below(ncust)], -1);
            for (size_t k = 0; k < nseeds; k++)
                seeds[k].ts = biz_ts(d, territories[accts[seeds[k].owner].terr].team);
            seeds_sort();
            for (size_t k = 0; k < nseeds; k++)
                make_feedback(seeds[k].ts, (uint32_t)seeds[k].owner);
        }

        /* the day's events into history.csv, in time order */
        if (nL > 1)
            qsort(L, nL, sizeof *L, ev_cmp);
        for (size_t k = 0; k < nL; k++)
            if (L[k].kind != EV_CONVERT && L[k].kind != EV_TOUCH)
                apply_event(&L[k]);
        hist_flush();
    }
    free(L);
    free(cv);
}

/* ---- the team, quotas, budget ------------------------------------------- */

static void
setup_reps(void)
{
    nreps = opt.nreps;
    reps = xcalloc((size_t)nreps, sizeof *reps);
    for (int i = 0; i < nreps; i++) {
        struct rep *R = &reps[i];
        if (i < (int)N(rep_seeds)) {
            const struct rep_seed *z = &rep_seeds[i];
            snprintf(R->id, sizeof R->id, "%s", z->id);
            snprintf(R->name, sizeof R->name, "%s", z->name);
            snprintf(R->email, sizeof R->email, "%s@%s", z->email_user, seller_domain);
            R->team = z->team;
            R->role = z->role;
            R->terr = terr_index(z->territory);
            R->hired = T + z->hired;
            R->left = z->left ? T + z->left : DATE_NONE;
            R->win = z->win;
            R->speed = z->speed;
            R->size = z->size;
            R->weak = z->weak;
            R->act = z->act;
            R->opt = z->opt;
        } else { /* more account executives, round the teams */
            int team = i % 3, k = (i / 3) % 4, t;
            for (t = 0; t < NTERR; t++)
                if (territories[t].team == team && k-- == 0)
                    break;
            if (t == NTERR)
                t = team == 0 ? 0 : team == 1 ? 4 : 9;
            struct person p;
            person_of(main_loc(t), (uint32_t)rnd(), &p);
            snprintf(R->id, sizeof R->id, "rep%d", i + 1);
            snprintf(R->name, sizeof R->name, "%s", p.name);
            snprintf(R->email, sizeof R->email, "%s.%s%d@%s", p.first, p.last, i + 1,
                     seller_domain);
            R->team = team;
            R->role = R_AE;
            R->terr = t;
            R->hired = T - (sdate)range(200, 2500);
            R->left = DATE_NONE;
            R->win = (int)range(18, 44);
            R->speed = (int)range(80, 130);
            R->size = (int)range(80, 125);
            R->weak = (int)range(0, 3);
            R->act = (int)range(60, 150);
            R->opt = (int)range(60, 100);
        }
        R->won_q = xcalloc((size_t)nq, sizeof *R->won_q);
    }
    for (int i = 0; i < nreps; i++)
        for (int k = 0; k < nreps && reps[i].role != R_MGR; k++)
            if (reps[k].role == R_MGR && reps[k].team == reps[i].team) {
                snprintf(reps[i].manager, sizeof reps[i].manager, "%s", reps[k].id);
                break;
            }
    for (int i = 0; i < nreps; i++) {
        const struct rep *R = &reps[i];
        char h[DATE_BUFSZ];
        const char *f[9] = {R->id,
                            R->name,
                            R->email,
                            team_names[R->team],
                            R->manager,
                            role_names[R->role],
                            territories[R->terr].name,
                            date_format(R->hired, h),
                            R->left != DATE_NONE && R->left <= T ? "no" : "yes"};
        put_row(F_REPS, f, 9);
    }
}

/* days of [a, b) that rep r was with the company */
static int
days_active(int r, sdate a, sdate b)
{
    sdate lo = reps[r].hired > a ? reps[r].hired : a;
    sdate hi = reps[r].left != DATE_NONE && reps[r].left < b ? reps[r].left : b;
    return hi > lo ? (int)(hi - lo) : 0;
}

static money_t
round_thousand(double dollars)
{
    int64_t k = (int64_t)(dollars / 1000 + 0.5);
    return (money_t)(k < 1 ? 1 : k) * 100000;
}

/* the reps who carry a quota in a team: its account executives, or its
 * manager when it has none */
static int
quota_carriers(int team, int *out)
{
    int n = 0, have_ae = 0;
    for (int r = 0; r < nreps; r++)
        have_ae |= reps[r].team == team && reps[r].role == R_AE;
    for (int r = 0; r < nreps; r++)
        if (reps[r].team == team && reps[r].role == (have_ae ? R_AE : R_MGR))
            out[n++] = r;
    return n;
}

/* Quotas: per quota carrier and per team, for every quarter the data
 * covers, and the year. Planned top-down as sales teams do: last year's
 * bookings of the whole company per carrier, plus 30% (when last year is
 * not covered, this year's in hindsight), split by season, prorated for
 * reps who joined or left, halved in a new hire's first quarter. */
static void
write_quotas(void)
{
    static const int qshare[4] = {22, 24, 21, 33};
    int ny = ycur - year0 + 1;
    int *carriers = xcalloc((size_t)nreps + 1, sizeof *carriers);
    double *per_rep = xcalloc((size_t)ny, sizeof *per_rep);

    for (int y = year0; y <= ycur; y++) {
        int b = y - 1;
        sdate bs = date_from_ymd(b, 1, 1), be = date_from_ymd(b + 1, 1, 1);
        double growth = 1.3;
        if ((be < T ? be : T) - (bs > S ? bs : S) < 270) {
            b = y;
            bs = date_from_ymd(y, 1, 1);
            be = date_from_ymd(y + 1, 1, 1);
            growth = 1.08;
        }
        sdate from = bs > S ? bs : S, to = be < T ? be : T;
        if (to <= from)
            continue;
        money_t won = 0;
        double carrier_years = 0;
        for (int r = 0; r < nreps; r++)
            for (int k = 0; k < 4; k++)
                won += reps[r].won_q[(b - year0) * 4 + k];
        for (int team = 0; team < 3; team++) {
            int nc = quota_carriers(team, carriers);
            for (int c = 0; c < nc; c++)
                carrier_years += days_active(carriers[c], from, to);
        }
        if (won > 0 && carrier_years > 0)
            per_rep[y - year0] = (double)won / 100 * 365 / carrier_years * growth;
    }
    for (int team = 0; team < 3; team++) {
        int nc = quota_carriers(team, carriers);
        if (nc == 0)
            continue;
        money_t *q = xcalloc((size_t)(ny * 4 * nc), sizeof *q); /* [year][quarter][carrier] */
        for (int y = year0; y <= ycur; y++) {
            sdate ys = date_from_ymd(y, 1, 1);
            for (int k = 0; k < 4 && per_rep[y - year0] > 0; k++) {
                sdate qs = date_add_months(ys, 3 * k), qe = date_add_months(ys, 3 * k + 3);
                if (qs < S)
                    continue;
                for (int c = 0; c < nc; c++) {
                    const struct rep *R = &reps[carriers[c]];
                    double f = (double)days_active(carriers[c], qs, qe) / (double)(qe - qs);
                    if (qe - R->hired <= 120)
                        f /= 2; /* ramping */
                    if (f >= 0.15)
                        q[((y - year0) * 4 + k) * nc + c] =
                            round_thousand(per_rep[y - year0] * qshare[k] / 100 * f);
                }
            }
        }
        /* the team's rows, then each carrier's */
        for (int c = -1; c < nc; c++) {
            const char *owner = c < 0 ? team_names[team] : reps[carriers[c]].id;
            for (int y = year0; y <= ycur; y++) {
                money_t qq[4] = {0, 0, 0, 0}, year = 0;
                for (int k = 0; k < 4; k++) {
                    for (int x = 0; x < nc; x++)
                        if (c < 0 || x == c)
                            qq[k] += q[((y - year0) * 4 + k) * nc + x];
                    year += qq[k];
                }
                if (!year)
                    continue;
                char p[16], m[MONEY_BUFSZ];
                snprintf(p, sizeof p, "%d", y);
                const char *f[3] = {owner, p, money_str(year, m)};
                put_row(F_QUOTAS, f, 3);
                for (int k = 0; k < 4; k++) {
                    if (!qq[k])
                        continue;
                    snprintf(p, sizeof p, "%d-Q%d", y, k + 1);
                    f[2] = money_str(qq[k], m);
                    put_row(F_QUOTAS, f, 3);
                }
            }
        }
        free(q);
    }
    free(carriers);
    free(per_rep);
}

/* Budget: per month, spend per lead source (at different returns) and on
 * tools; planned for the whole current year, actual up to today. */
static void
write_budget(void)
{
    static const char *const cats[NSRC] = {"content & seo",     "referral rewards",  "events",
                                           "partner programme", "sales development", "paid media"};
    static const int ratio[NSRC] = {10, 5, 30, 15, 20, 45}; /* % of that source's bookings */
    double avg[NSRC];
    int sy, sm, sd;
    date_to_ymd(S, &sy, &sm, &sd);
    sdate first = date_from_ymd(sy, sm, 1), mid = S + ndays / 2;
    for (int s = 0; s < NSRC; s++) {
        money_t tot = 0;
        for (int m = 0; m < nmonths; m++)
            tot += won_src[m][s];
        avg[s] = (double)tot / 100 / (ndays / 30.4375);
    }
    for (int m = 0; m < nmonths; m++) {
        sdate ms = date_add_months(first, m), me = date_add_months(first, m + 1);
        double g = det_exp(0.26236426446749106 * (double)(ms - mid) / 365);
        char period[16], pl[MONEY_BUFSZ], ac[MONEY_BUFSZ];
        struct period p;
        period_of(ms, PERIOD_MONTH, &cal, &p);
        period_format(&p, period);
        for (int s = 0; s <= NSRC; s++) {
            double planned_d;
            if (s < NSRC)
                planned_d = avg[s] * ratio[s] / 100 * g * season_deal[month_of(ms) - 1] / 100 *
                            (0.95 + 0.1 * unit());
            else
                planned_d = 150.0 * nreps;
            money_t planned = round_units(planned_d < 100 ? 100 : planned_d, 100);
            ac[0] = '\0';
            if (me <= T)
                money_str(s < NSRC ? round_units((double)planned / 100 * (0.8 + 0.4 * unit()), 1)
                                   : planned,
                          ac);
            else if (ms < T)
                money_str(round_units((double)planned / 100 * (double)(T - ms) / (double)(me - ms) *
                                          (0.9 + 0.2 * unit()),
                                      1),
                          ac);
            const char *f[5] = {period, s < NSRC ? cats[s] : "sales tools",
                                s < NSRC ? sources[s] : "", money_str(planned, pl), ac};
            put_row(F_BUDGET, f, 5);
        }
    }
}

/* ---- files -------------------------------------------------------------- */

static char *created[NFILES + 2];
static int ncreated, complete;

/* on a failed run, remove what this run created */
static void
remove_partial(void)
{
    if (!complete)
        for (int i = 0; i < ncreated; i++)
            unlink(created[i]);
}

static int
create_file(const char *path, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        die_sys("cannot create", path);
    fchmod(fd, mode);
    created[ncreated++] = xstrdup(path);
    return fd;
}

static void
write_config(const char *dir)
{
    struct sbuf b = {0};
    char *path = xmalloc(strlen(dir) + 16);
    sprintf(path, "%s/config.json", dir);
    sbuf_adds(&b,
              "{\n  \"currency\": \"USD\",\n  \"fiscal_year_start\": 1,\n  \"stale_days\": 30,\n"
              "  \"rates\": {");
    for (size_t i = 0; i < N(rates); i++)
        sbuf_addf(&b, "%s\"%s\": \"%s\"", i ? ", " : "", rates[i].code, rates[i].text);
    sbuf_adds(&b, "}\n}\n");
    int fd = create_file(path, 0600);
    if (write(fd, b.p, b.len) != (ssize_t)b.len || close(fd) != 0)
        die_sys("write error", path);
    sbuf_release(&b);
    free(path);
}

static void
open_outputs(struct store *s)
{
    for (int i = 0; i < NFILES; i++) {
        struct outf *o = &files[i];
        o->ent = schema_entities[i];
        if (o->ent == &schema_stages)
            continue; /* the library writes the default stages */
        char name[64];
        snprintf(name, sizeof name, "%s.csv", o->ent->name);
        o->tmp = store_path(s, name);
        o->fd = create_file(o->tmp, store_file_mode(s));
        const char *head[32];
        for (size_t k = 0; k < o->ent->ncols; k++)
            head[k] = o->ent->cols[k].name;
        csvio_add_row(&o->b, head, o->ent->ncols, ',', 0);
    }
}

static void
close_outputs(void)
{
    for (int i = 0; i < NFILES; i++) {
        struct outf *o = &files[i];
        if (!o->tmp)
            continue;
        outf_flush(o);
        if (close(o->fd) != 0)
            die_sys("write error", o->tmp);
        sbuf_release(&o->b);
    }
}

/* ---- --verify ----------------------------------------------------------- */

static int nproblems;

static void
problem(const char *file, long line, const char *msg)
{
    if (nproblems++ < 30)
        fprintf(stderr, "%s: %s:%ld: %s\n", prog, file, line, msg);
}

static int
verify(const char *dir)
{
    struct store s;
    struct deal_ctx dc;
    struct err e;
    if (store_open(&s, dir, "sales-gen", &e) || deal_ctx_init(&dc, &s, &e)) {
        fprintf(stderr, "%s: %s\n", prog, e.msg);
        return 1;
    }
    for (size_t k = 0; k < schema_nentities; k++) {
        const struct entity_def *ent = schema_entities[k];
        struct validator v;
        struct table *t;
        struct hmap seen = {0};
        int rc, idc = schema_col(ent, "id");
        if (idc >= 0 && ent->cols[idc].type != CT_ID)
            idc = -1; /* history: ids of other records */
        int64_t last_ts = INT64_MIN;
        char msg[1400];
        if (validator_init(&v, &s, ent, &e) || !(t = store_read(&s, ent, &e))) {
            fprintf(stderr, "%s: %s\n", prog, e.msg);
            nproblems++;
            continue;
        }
        while ((rc = table_next(t, &e)) == 1) {
            struct err e2;
            long line = table_line(t);
            int before = nproblems;
            for (size_t i = 0; i < ent->ncols; i++) {
                const char *val = table_get(t, (int)i);
                char *out = validate_value(&v, ent->cols[i].name, val, &e2);
                if (!out) {
                    problem(t->name, line, e2.msg);
                } else {
                    if (strcmp(out, val) != 0) {
                        snprintf(msg, sizeof msg, "%s '%s' is not in its stored form '%s'",
                                 ent->cols[i].name, val, out);
                        problem(t->name, line, msg);
                    }
                    free(out);
                }
            }
            if (idc >= 0) {
                int is_new;
                hmap_put(&seen, table_get(t, idc), &is_new);
                if (!is_new) {
                    snprintf(msg, sizeof msg, "duplicate id '%s'", table_get(t, idc));
                    problem(t->name, line, msg);
                }
            }
            if (ent == &schema_deals) {
                struct deal d;
                if (nproblems == before && deal_read(&dc, t, &d, &e2) && nproblems++ < 30)
                    fprintf(stderr, "%s: %s\n", prog, e2.msg); /* has FILE:LINE */
            }
            if (nproblems == before &&
                (ent == &schema_deals || ent == &schema_leads || ent == &schema_contacts ||
                 ent == &schema_subscriptions || ent == &schema_quotas)) {
                struct fieldset in = {0}, out;
                for (size_t i = 0; i < ent->ncols; i++) {
                    const char *name = ent->cols[i].name;
                    if (strcmp(name, "id") && strcmp(name, "created") && strcmp(name, "updated"))
                        fieldset_set(&in, name, table_get(t, (int)i));
                }
                if (validate_new(&v, &in, &out, &e2) == 0)
                    fieldset_release(&out);
                else
                    problem(t->name, line, e2.msg);
                fieldset_release(&in);
            }
            if (ent == &schema_history) {
                int64_t ts;
                if (datetime_parse(table_get(t, 0), &ts) == 0) {
                    if (ts < last_ts)
                        problem(t->name, line, "history out of time order");
                    last_ts = ts;
                }
            }
            if (ent == &schema_reps && strcmp(table_get(t, 0), table_get(t, 4)) == 0)
                problem(t->name, line, "a rep is their own manager");
        }
        if (rc < 0) {
            fprintf(stderr, "%s: %s\n", prog, e.msg);
            nproblems++;
        }
        hmap_release(&seen);
        table_free(t);
        validator_release(&v);
    }
    deal_ctx_release(&dc);
    store_close(&s);
    if (nproblems)
        fprintf(stderr, "%s: %s: %d problem%s\n", prog, dir, nproblems, nproblems == 1 ? "" : "s");
    return nproblems ? 1 : 0;
}

/* ---- main --------------------------------------------------------------- */

static void
usage_error(const char *fmt, const char *arg)
{
    if (fmt) {
        fprintf(stderr, "%s: ", prog);
        fprintf(stderr, fmt, arg);
        fputc('\n', stderr);
    }
    fputs(usage_text, stderr);
    exit(2);
}

static long long
count_arg(const char *name, const char *s, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max) {
        fprintf(stderr, "%s: bad --%s '%s' (expected a whole number from 0 to %lld)\n", prog, name,
                s, max);
        exit(1);
    }
    return v;
}

int
main(int argc, char **argv)
{
    enum {
        O_SEED = 0x100,
        O_TODAY,
        O_YEARS,
        O_REPS,
        O_LEADS,
        O_ACCOUNTS,
        O_DEALS,
        O_ACTIVITIES,
        O_FEEDBACK,
        O_VERIFY
    };
    static const struct option longopts[] = {{"seed", required_argument, NULL, O_SEED},
                                             {"today", required_argument, NULL, O_TODAY},
                                             {"years", required_argument, NULL, O_YEARS},
                                             {"reps", required_argument, NULL, O_REPS},
                                             {"leads", required_argument, NULL, O_LEADS},
                                             {"accounts", required_argument, NULL, O_ACCOUNTS},
                                             {"deals", required_argument, NULL, O_DEALS},
                                             {"activities", required_argument, NULL, O_ACTIVITIES},
                                             {"feedback", required_argument, NULL, O_FEEDBACK},
                                             {"verify", no_argument, NULL, O_VERIFY},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const long long big = 2000000000LL;
    int ch, verify_only = 0;
    const char *today_arg = NULL;

    opt.seed = 1;
    opt.years = 2;
    opt.nreps = (int)N(rep_seeds);
    opt.deals = 1000;
    opt.leads = opt.accounts = opt.activities = opt.feedback = -1;
    while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        switch (ch) {
        case O_SEED:
            opt.seed = (uint64_t)count_arg("seed", optarg, INT64_MAX);
            break;
        case O_TODAY:
            today_arg = optarg;
            break;
        case O_YEARS:
            opt.years = (int)count_arg("years", optarg, 30);
            break;
        case O_REPS:
            opt.nreps = (int)count_arg("reps", optarg, 4000);
            break;
        case O_LEADS:
            opt.leads = count_arg("leads", optarg, big);
            break;
        case O_ACCOUNTS:
            opt.accounts = count_arg("accounts", optarg, 60000000);
            break;
        case O_DEALS:
            opt.deals = count_arg("deals", optarg, big);
            break;
        case O_ACTIVITIES:
            opt.activities = count_arg("activities", optarg, big);
            break;
        case O_FEEDBACK:
            opt.feedback = count_arg("feedback", optarg, big);
            break;
        case O_VERIFY:
            verify_only = 1;
            break;
        case 'v':
            opt.verbose = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            return 0;
        default:
            usage_error(NULL, NULL);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        usage_error("missing directory operand", NULL);
    if (argc > 1)
        usage_error("unexpected operand '%s'", argv[1]);
    const char *dir = argv[0];
    if (verify_only)
        return verify(dir);

    if (opt.years < 1 || opt.nreps < 1) {
        fprintf(stderr, "%s: --years and --reps must be at least 1\n", prog);
        return 1;
    }
    if (today_arg) {
        if (date_parse(today_arg, &opt.today)) {
            fprintf(stderr, "%s: bad --today '%s' (expected YYYY-MM-DD)\n", prog, today_arg);
            return 1;
        }
    } else {
        opt.today = sales_today();
    }
    if (opt.leads < 0)
        opt.leads = opt.deals / 2;
    if (opt.accounts < 0)
        opt.accounts = opt.deals * 3 / 10;
    if (opt.activities < 0)
        opt.activities = opt.deals * 5;
    if (opt.feedback < 0)
        opt.feedback = opt.accounts / 2;

    /* a new or empty directory */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        die_sys("cannot create directory", dir);
    for (size_t i = 0; i <= schema_nentities; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s%s", dir,
                 i < schema_nentities ? schema_entities[i]->name : "config",
                 i < schema_nentities ? ".csv" : ".json");
        if (access(path, F_OK) == 0) {
            fprintf(stderr,
                    "%s: %s: already exists (sales-gen writes into a new or empty directory)\n",
                    prog, path);
            return 1;
        }
    }
    char *lockpath = xmalloc(strlen(dir) + 8);
    sprintf(lockpath, "%s/.lock", dir);
    int had_lock = access(lockpath, F_OK) == 0;
    atexit(remove_partial);
    write_config(dir);

    struct store s;
    struct stages st;
    struct err e;
    if (store_open(&s, dir, "sales-gen", &e) || store_create_file(&s, &schema_stages, &e)) {
        fprintf(stderr, "%s: %s\n", prog, e.msg);
        return 1;
    }
    created[ncreated++] = store_path(&s, "stages.csv");
    if (stages_load(&s, &st, &e)) {
        fprintf(stderr, "%s: %s\n", prog, e.msg);
        return 1;
    }
    for (int i = 0; i < 6; i++)
        if (i >= (int)st.n || strcmp(st.v[i].name, stage_name[i]) != 0) {
            fprintf(stderr, "%s: the default stages changed; this generator models %s, ...\n", prog,
                    stage_name[0]);
            return 1;
        }
    stages_release(&st);
    open_outputs(&s);

    /* the calendar of the simulation */
    T = opt.today;
    S = date_add_months(T, -12 * opt.years);
    ndays = (int)(T - S);
    cutoff = (int64_t)T * 86400;
    year0 = year_of(S);
    ycur = year_of(T);
    nq = (ycur - year0 + 1) * 4;
    {
        int sy, sm, sd;
        date_to_ymd(S, &sy, &sm, &sd);
        nmonths = (ycur - sy) * 12 + (12 - sm) + 1;
    }
    won_src = xcalloc((size_t)nmonths, sizeof *won_src);

    rng_seed(opt.seed);
    sch_deal = xcalloc((size_t)ndays, sizeof *sch_deal);
    sch_lead = xcalloc((size_t)ndays, sizeof *sch_lead);
    sch_acct = xcalloc((size_t)ndays, sizeof *sch_acct);
    sch_act = xcalloc((size_t)ndays, sizeof *sch_act);
    sch_fb = xcalloc((size_t)ndays, sizeof *sch_fb);
    conv_deal = xcalloc((size_t)ndays, sizeof *conv_deal);
    conv_acct = xcalloc((size_t)ndays, sizeof *conv_acct);
    n_import_deals = opt.deals * 45 / ndays; /* about 45 days' worth: the open pipeline */
    schedule(sch_deal, season_deal, week_deal, opt.deals - n_import_deals, 0);
    schedule(sch_lead, season_lead, week_lead, opt.leads, 0);
    schedule(sch_act, season_act, week_act, opt.activities, 0);
    schedule(sch_fb, season_act, week_deal, opt.feedback, 0);
    schedule(sch_acct, season_deal, week_deal, opt.accounts - opt.accounts / 5, 1);
    sch_acct[0] = (int32_t)(opt.accounts / 5); /* the customer base, imported on the first day */
    accts = xcalloc((size_t)opt.accounts + 1, sizeof *accts);
    cust = xcalloc((size_t)opt.accounts + 1, sizeof *cust);

    setup_reps();
    simulate();
    write_quotas();
    write_budget();
    close_outputs();
    store_close(&s);
    if (!had_lock) /* the library's readers made it; nobody else knows this directory yet */
        unlink(lockpath);
    free(lockpath);
    complete = 1;

    if (opt.verbose) {
        long long total = 0;
        for (int i = 0; i < NFILES; i++) {
            if (!files[i].tmp)
                continue;
            fprintf(stderr, "%-18s %10lld rows %12lld bytes\n", files[i].ent->name, files[i].rows,
                    files[i].bytes);
            total += files[i].bytes;
        }
        fprintf(stderr, "%-18s %10s      %12lld bytes; %zu deal events in flight at most\n",
                "total", "", total, maxheap);
    }
    return 0;
}
