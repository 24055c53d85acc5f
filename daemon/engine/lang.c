/*
 * lang.c: per-language data, compiled in: the Snowball stemmer's name,
 * stopwords (the most frequent function words of news copy) and the words
 * that, opening a sentence, lean on the one before; and a text's script,
 * the first step of detecting its language (the stopword vote among the
 * languages of one script is in terms.c). Lists are words separated by
 * single spaces.
 */
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "text.h"

static const char stop_en[] =
    "a about above after again against all also am an and any are "
    "aren't as at be because been before being below between both but "
    "by can cannot could couldn't did didn't do does doesn't doing "
    "don't down during each even ever few for from further had hadn't "
    "has hasn't have haven't having he he'd he'll he's her here here's "
    "hers herself him himself his how how's however i i'd i'll i'm i've "
    "if in into is isn't it it's its itself just let's may me might "
    "more most mr mrs ms much must mustn't my myself no nor not now of "
    "off on once one only or other ought our ours ourselves out over "
    "own said same say says shan't she she'd she'll she's should "
    "shouldn't so some such than that that's the their theirs them "
    "themselves then there there's these they they'd they'll they're "
    "they've this those through to too under until up upon us very was "
    "wasn't we we'd we'll we're we've were weren't what what's when "
    "when's where where's whether which while who who's whom whose why "
    "why's will with within without won't would wouldn't yet you you'd "
    "you'll you're you've your yours yourself yourselves";

static const char lean_en[] =
    "he she it they his her its their this these that those but however "
    "also still such there then yet and so meanwhile instead both "
    "another other others further furthermore moreover";

static const char asks_en[] =
    "discuss discussed discussing describe described describing include "
    "included includes including information regarding identify explain "
    "specify mention indicate outline summarize address examine provide "
    "give list detail details concerning involving kind kinds type types "
    "any";

static const char stop_de[] =
    "der die das und ist nicht ein eine einer eines einem einen zu den "
    "dem des mit von auf für im in ins sich auch es er sie wir ihr als "
    "bei nach aus wie aber oder wurde wurden werden wird hat haben "
    "hatte sind war waren noch nur am um vor über dass so zum zur durch "
    "bis gegen unter sein seine seiner ihre ihren man kann soll sagte "
    "diese dieser dieses";

static const char lean_de[] =
    "er sie es diese dieser dieses das dort dabei damit aber auch "
    "jedoch außerdem zudem";

static const char stop_fr[] =
    "le la les l de des du d un une et est sont à au aux en dans pour "
    "par sur avec ne n pas que qu qui ce cet cette ces il elle ils "
    "elles on nous vous se s sa son ses leur leurs plus mais ou été "
    "être a ont avait était comme tout après avant entre selon lors "
    "dont";

static const char lean_fr[] =
    "il elle ils elles ce cette ces cela mais aussi cependant toutefois "
    "ensuite alors";

static const char stop_es[] =
    "el la los las de del un una unos unas y e es son en por para con "
    "no que se su sus lo al como más pero o u fue ha han había era este "
    "esta estos estas ese esa entre sobre tras desde hasta también ya "
    "le les según cuando";

static const char lean_es[] =
    "él ella ellos ellas este esta estos estas eso pero también además "
    "sin embargo luego";

static const char stop_it[] =
    "il lo la i gli le l di del dello della dei degli delle un una uno "
    "e ed è sono in nel nella per con non che si suo sua suoi sue loro "
    "al alla allo come più ma o stato stata essere ha hanno aveva era "
    "questo questa tra fra anche dopo secondo";

static const char lean_it[] =
    "lui lei essi questo questa questi ma anche però inoltre poi";

static const char stop_pt[] =
    "o a os as de do da dos das um uma e é são em no na nos nas por "
    "pelo pela para com não que se seu sua seus suas ao à como mais mas "
    "ou foi ser tem têm tinha era este esta entre sobre também após "
    "segundo quando";

static const char lean_pt[] =
    "ele ela eles elas este esta isso mas também além porém depois";

static const char stop_nl[] =
    "de het een en is zijn niet van in op te met voor dat die dit er "
    "aan door bij als maar of ook om naar dan nog wel werd worden wordt "
    "hij zij ze wij over uit tot heeft hebben was waren";

static const char lean_nl[] =
    "hij zij ze dit dat deze maar ook echter daarna bovendien";

static const char stop_sv[] =
    "och att det som en ett i på är av för med till den de inte om har "
    "hade var han hon vi men från eller så också efter vid under sig "
    "sin sitt sina";

static const char lean_sv[] =
    "han hon de det detta men också dock sedan dessutom";

static const char stop_da[] =
    "og at det som en et i på er af for med til den de ikke om har "
    "havde var han hun vi men fra eller så også efter ved under sig sin "
    "sit sine";

static const char lean_da[] =
    "han hun de det dette men også dog derefter desuden";

static const char stop_no[] =
    "og at det som en et ei i på er av for med til den de ikke om har "
    "hadde var han hun vi men fra eller så også etter ved under seg sin "
    "sitt sine";

static const char lean_no[] =
    "han hun de det dette men også likevel deretter dessuten";

static const char stop_fi[] =
    "ja on ei se että oli ovat olla hän he me te tämä tuo kun mutta tai "
    "myös jo vain niin kuin mukaan jälkeen sekä jotka joka mitä";

static const char lean_fi[] =
    "hän he se tämä mutta myös kuitenkin sitten lisäksi";

static const char stop_tr[] =
    "ve bir bu da de ile için olarak olan çok daha gibi ama ancak en ne "
    "ki o şu her sonra kadar değil ise diye";

static const char lean_tr[] = "o bu bunu ama ancak ayrıca sonra";

static const char stop_ro[] =
    "și de la în un o a al ale cu pe din pentru că nu este sunt care "
    "mai dar sau fost au lui ei el ea acest această după fi";

static const char lean_ro[] = "el ea ei acesta aceasta dar însă apoi";

static const char stop_hu[] =
    "a az és hogy nem is egy van volt meg de ez azt már csak mint még "
    "el ki be fel után között szerint pedig";

static const char lean_hu[] = "ez az de azonban majd";

static const char stop_id[] =
    "dan yang di ke dari ini itu dengan untuk tidak ada pada dalam akan "
    "juga atau oleh karena telah sudah bahwa";

static const char lean_id[] = "ia dia mereka ini itu tetapi namun juga";

static const char stop_ca[] =
    "el la els les l de del dels un una i és són en per amb no que es "
    "seu seva al com més però o va ha han era aquest aquesta";

static const char lean_ca[] = "ell ella ells aquest aquesta però també";

static const char stop_eu[] =
    "eta da ez du dira bat baina edo ere zen ziren dute zuen";

static const char lean_eu[] = "hori hau baina gainera";

static const char stop_ga[] =
    "agus an na ar a is i le go de do ní sé sí siad bhí";

static const char lean_ga[] = "sé sí siad ach freisin";

static const char stop_lt[] =
    "ir yra kad ne su į iš o bet arba tai jis ji jie buvo bus";

static const char lean_lt[] = "jis ji jie tai bet taip pat";

static const char stop_sr[] =
    "и у на да је се не за од са као што су био била су а али или sa je "
    "se na da za od kao što su bio bila ali ili";

static const char lean_sr[] = "он она они то али";

static const char stop_ru[] =
    "и в во не что он она оно они на с со как а то но по к у же за от "
    "из о об для до при после это этот эта эти был была было были быть "
    "есть также уже или ли бы его её их ещё который которая которые "
    "которое";

static const char lean_ru[] =
    "он она они это этот эта эти но однако также кроме того";

static const char stop_el[] =
    "και το η ο τα οι των του της τον την σε στο στη στην στα με για "
    "από που δεν θα να είναι ήταν ένα μια ως";

static const char lean_el[] = "αυτός αυτή αυτό αλλά επίσης";

static const char stop_ar[] =
    "في من على إلى عن أن إن مع هذا هذه التي الذي كان كانت قد لا ما و أو "
    "ثم بعد قبل بين";

static const char lean_ar[] = "هو هي هم لكن كما";

static const char stop_hy[] = "և է են որ այս այդ մի համար հետ էր էին";

static const char stop_hi[] = "और का की के में है हैं को से पर यह वह था थे एक भी नहीं";

static const char stop_ne[] = "र को का की मा छ छन् हो यो त्यो पनि एक गरे भने";

static const char stop_ta[] = "மற்றும் ஒரு இந்த அந்த என்று ஆனால் அது இது";

static const char stop_yi[] = "און די דער דאָס איז אין פֿון צו אַ ניט מיט";

static const char stop_he[] = "של את על עם הוא היא זה לא כי גם";

/* Every language libstemmer ships (and a few without a stemmer, whose
 * words are kept as they are or, without spaces, cut into pairs of
 * characters). English first: the default. */
static const struct lang langs[] = {
    {"en", "english", SCRIPT_LATIN, stop_en, lean_en, asks_en},
    {"de", "german", SCRIPT_LATIN, stop_de, lean_de},
    {"fr", "french", SCRIPT_LATIN, stop_fr, lean_fr},
    {"es", "spanish", SCRIPT_LATIN, stop_es, lean_es},
    {"it", "italian", SCRIPT_LATIN, stop_it, lean_it},
    {"pt", "portuguese", SCRIPT_LATIN, stop_pt, lean_pt},
    {"nl", "dutch", SCRIPT_LATIN, stop_nl, lean_nl},
    {"sv", "swedish", SCRIPT_LATIN, stop_sv, lean_sv},
    {"da", "danish", SCRIPT_LATIN, stop_da, lean_da},
    {"no", "norwegian", SCRIPT_LATIN, stop_no, lean_no},
    {"fi", "finnish", SCRIPT_LATIN, stop_fi, lean_fi},
    {"tr", "turkish", SCRIPT_LATIN, stop_tr, lean_tr},
    {"ro", "romanian", SCRIPT_LATIN, stop_ro, lean_ro},
    {"hu", "hungarian", SCRIPT_LATIN, stop_hu, lean_hu},
    {"id", "indonesian", SCRIPT_LATIN, stop_id, lean_id},
    {"ca", "catalan", SCRIPT_LATIN, stop_ca, lean_ca},
    {"eu", "basque", SCRIPT_LATIN, stop_eu, lean_eu},
    {"ga", "irish", SCRIPT_LATIN, stop_ga, lean_ga},
    {"lt", "lithuanian", SCRIPT_LATIN, stop_lt, lean_lt},
    {"sr", "serbian", SCRIPT_CYRILLIC, stop_sr, lean_sr},
    {"ru", "russian", SCRIPT_CYRILLIC, stop_ru, lean_ru},
    {"el", "greek", SCRIPT_GREEK, stop_el, lean_el},
    {"ar", "arabic", SCRIPT_ARABIC, stop_ar, lean_ar},
    {"hy", "armenian", SCRIPT_ARMENIAN, stop_hy, ""},
    {"hi", "hindi", SCRIPT_DEVANAGARI, stop_hi, ""},
    {"ne", "nepali", SCRIPT_DEVANAGARI, stop_ne, ""},
    {"ta", "tamil", SCRIPT_TAMIL, stop_ta, ""},
    {"yi", "yiddish", SCRIPT_HEBREW, stop_yi, ""},
    {"he", NULL, SCRIPT_HEBREW, stop_he, ""},
    {"ko", NULL, SCRIPT_HANGUL, "", ""},
    {"zh", NULL, SCRIPT_HAN, "", ""},
    {"ja", NULL, SCRIPT_KANA, "", ""},
    {"th", NULL, SCRIPT_THAI, "", ""},
};
#define NLANGS (sizeof(langs) / sizeof(langs[0]))
/* The terms' tables are sized by LANG_MAX, and a word's languages are
 * bits of a 64-bit mask. */
_Static_assert(NLANGS <= LANG_MAX && LANG_MAX <= 64, "too many languages");

/* Is s ("-US", "_Hant-TW", "") subtags of one to eight letters or digits,
 * each after a '-' or '_'? */
static int
subtags(const char *s)
{
	static const char alnum[] = "0123456789"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz";
	size_t n;

	while (*s != '\0') {
		if (*s != '-' && *s != '_')
			return 0;
		n = strspn(++s, alnum);
		if (n < 1 || n > 8)
			return 0;
		s += n;
	}
	return 1;
}

/*
 * The language of code, read as a language tag as callers send them (BCP
 * 47, POSIX locales): its first subtag in either case, a script or region
 * after it passed over, so that "en-US", "EN" and "pt_BR" are "en", "en"
 * and "pt".
 */
const struct lang *
lang_find(const char *code)
{
	size_t i, n = strcspn(code, "-_");

	if (!subtags(code + n))
		return NULL;
	for (i = 0; i < NLANGS; i++)
		if (strlen(langs[i].code) == n &&
		    strncasecmp(langs[i].code, code, n) == 0)
			return &langs[i];
	return NULL;
}

size_t
lang_count(void)
{
	return NLANGS;
}

const struct lang *
lang_at(size_t i)
{
	return i < NLANGS ? &langs[i] : NULL;
}

size_t
lang_index(const struct lang *l)
{
	return (size_t)(l - langs);
}

const char *
lang_word(const char *list, size_t *at, size_t *len)
{
	const char *w;

	while (list[*at] == ' ')
		(*at)++;
	if (list[*at] == '\0')
		return NULL;
	w = list + *at;
	while (list[*at] != ' ' && list[*at] != '\0')
		(*at)++;
	*len = (size_t)(list + *at - w);
	return w;
}

/* The script of a letter, as far as detection cares. */
static enum script
script_of(int32_t c)
{
	if (c < 0x250)
		return SCRIPT_LATIN;
	if (c >= 0x370 && c < 0x400)
		return SCRIPT_GREEK;
	if (c >= 0x400 && c < 0x530)
		return SCRIPT_CYRILLIC;
	if (c >= 0x530 && c < 0x590)
		return SCRIPT_ARMENIAN;
	if (c >= 0x590 && c < 0x600)
		return SCRIPT_HEBREW;
	if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780))
		return SCRIPT_ARABIC;
	if (c >= 0x900 && c < 0x980)
		return SCRIPT_DEVANAGARI;
	if (c >= 0xb80 && c < 0xc00)
		return SCRIPT_TAMIL;
	if (c >= 0xe00 && c < 0xe80)
		return SCRIPT_THAI;
	if ((c >= 0x3040 && c < 0x3100) || (c >= 0x31f0 && c < 0x3200))
		return SCRIPT_KANA;
	if (c >= 0xac00 && c < 0xd7b0)
		return SCRIPT_HANGUL;
	if (text_is_cjk(c))
		return SCRIPT_HAN;
	if (c >= 0x1e00 && c < 0x1f00)
		return SCRIPT_LATIN;
	return SCRIPT_OTHER;
}

/* The ASCII letters of the 16 bytes at s; -1 if a byte is not ASCII. */
static int
ascii_letters16(const char *s)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);

	if (_mm_movemask_epi8(v) != 0)
		return -1;
	return (int)text_pop16((unsigned)_mm_movemask_epi8(text_letters16(v)));
#else
	int n = 0, i, c;

	for (i = 0; i < 16; i++) {
		if ((c = (unsigned char)s[i]) >= 0x80)
			return -1;
		n += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	}
	return n;
#endif
}

enum script
lang_script(const char *s, size_t len, int *yiddish, size_t *kana)
{
	size_t n[SCRIPT_COUNT] = {0}, i = 0, letters = 0;
	enum script best = SCRIPT_LATIN, sc;
	int32_t c;
	int k;

	*yiddish = 0;
	while (i < len && letters < 1000) {
		/* ASCII, most text: sixteen bytes a step, while the count
		 * stays under the cap (where the byte loop would stop). */
		if (i + 16 <= len && (k = ascii_letters16(s + i)) >= 0 &&
		    letters + (size_t)k < 1000) {
			n[SCRIPT_LATIN] += (size_t)k;
			letters += (size_t)k;
			i += 16;
			continue;
		}
		c = text_next(s, len, &i);
		if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			continue;
		if (c >= 0x80 && !text_is_word(c))
			continue;
		sc = script_of(c);
		n[sc]++;
		letters++;
		/* The ligatures and pointed letters of Yiddish spelling. */
		if ((c >= 0x5f0 && c <= 0x5f2) || c == 0xfb1f || c == 0xfb2e ||
		    c == 0xfb2f)
			*yiddish = 1;
	}
	for (k = 0; k < SCRIPT_COUNT; k++)
		if (k != SCRIPT_OTHER && n[k] > n[best])
			best = (enum script)k;
	*kana = n[SCRIPT_KANA];
	/* Japanese is Han and kana together. */
	if (best == SCRIPT_HAN || best == SCRIPT_KANA)
		best = n[SCRIPT_KANA] * 10 >= n[SCRIPT_HAN] + n[SCRIPT_KANA]
			   ? SCRIPT_KANA
			   : SCRIPT_HAN;
	return best;
}
