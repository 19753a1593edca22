/*
 * rurl.c: Kuma's redirect table (kuma/redirects/redirects.py at
 * mdn/kuma@087bf522a) compiled into our own pattern steps, and the
 * matcher that reproduces django-redirect-urls 1.0 over it.
 *
 * Design.  Each of the 259 rules is a short list of steps (literal,
 * optional literal, alternatives, greedy ".*" group, end, zone tail)
 * written from the source regex, plus a target and flags.  The rules are
 * not tried one after another: every rule has one or two keys, the
 * lower-cased literal text its pattern must start with (both ways round a
 * leading optional part; empty for the two "//" rules), and the keys sit
 * in one sorted table.  A request folds the start of its path (and of
 * what follows its locale prefix, for the rules that take one)
 * and collects the rules whose key is a prefix of it, which is a few
 * binary searches; those few rules are then tried in table order, so the
 * first match is Kuma's first match.  A key is only a filter: the rule's
 * own steps decide.
 *
 * Python 2 re semantics kept (Django compiles with re.UNICODE):
 *   - '.' (unescaped in most of the source) is any code point but '\n';
 *     "$" matches at the end and before a final '\n';
 *   - \w in the locale prefix is an ASCII letter, digit or '_', or a
 *     non-ASCII letter or number.  We count every non-ASCII code point
 *     except the Latin-1 signs and controls, the General Punctuation
 *     block and the CJK space and marks: an approximation of Unicode's
 *     letter and number classes that is exact for ASCII;
 *   - case-insensitive rules compare lower-case code points: ASCII
 *     letters, and U+0130 and U+212A, whose lower case is 'i' and 'k';
 *   - "(...)??" in the locale rules whose source starts "^?" tries no
 *     locale first; the others try a locale first.
 * The Location is then built as utils.py's _view builds it (rurl.h).
 * Its strip_tags step is Django's only approximately: a '<' that starts a
 * tag, comment or declaration is removed up to the next '>' (comments to
 * "-->"), and entity references are left alone.
 *
 * Interface: rurl_match, rurl_match_rule, rurl_count.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rurl.h"

enum rurl_op {
	OP_END = 0,	/* the pattern is matched (without '$': a prefix) */
	OP_LIT,		/* literal s; a '.' in s is any character but '\n' */
	OP_EXACT,	/* literal s, every byte itself (the source's "\.") */
	OP_OPT,		/* "(?:s)?", tried with s first */
	OP_ALT,		/* "(?:a|b|c)": the '|'-separated literals in order */
	OP_STAR,	/* ".*", greedy; captured as group n unless n is 0 */
	OP_EOS,		/* "$" */
	OP_ZONE,	/* "(?:/?|(?P<sub_path>[/$].+))$", sub_path group n */
};

struct rurl_step {
	unsigned char op;
	unsigned char n;
	const char *s;
};

/* Rule flags. */
#define RF_ICASE	0x01	/* re_flags='i' */
#define RF_LOCALE	0x02	/* an optional locale prefix comes first */
#define RF_LAZY		0x04	/* ... tried without it first ("??") */
#define RF_PREPEND	0x08	/* prepend the matched prefix to the target */
#define RF_302		0x10	/* permanent=False */
#define RF_ZONE		0x20	/* shared_cache_control for zones */

/*
 * A target is copied as it is, but "{1}" .. "{3}" stand for the groups:
 * no target of Kuma's holds another '{' (str.format would have choked).
 */
struct rurl_rule {
	const struct rurl_step *pat;
	const char *to;
	unsigned char flags;
};

#define LIT(s)		{ OP_LIT, 0, s }
#define EXACT(s)	{ OP_EXACT, 0, s }
#define OPT(s)		{ OP_OPT, 0, s }
#define ALT(s)		{ OP_ALT, 0, s }
#define STAR(n)		{ OP_STAR, n, NULL }
#define EOS		{ OP_EOS, 0, NULL }
#define ZONE(n)		{ OP_ZONE, n, NULL }
#define P(...)		((const struct rurl_step[]){ __VA_ARGS__, { 0, 0, 0 } })
#define R(pat, to, fl)	{ pat, to, fl }

/* The families of rules that redirects.py writes out one by one. */
#define CANVAS		"samples/canvas-tutorial/"
#define CT(name, to)	R(P(LIT(CANVAS name ".html"), EOS), \
	"/docs/Web/API/Canvas_API/Tutorial/" to, RF_ICASE)
#define CR(name, prop)	R(P(LIT(CANVAS name ".html"), EOS), \
	"/docs/Web/API/CanvasRenderingContext2D." prop, RF_ICASE)
#define CI(name, to)	R(P(LIT(CANVAS "images/" name), EOS), \
	"https://mdn.mozillademos.org/files/" to, RF_ICASE)
#define RC(name, to)	R(P(LIT("samples/raycaster/" name), EOS), \
	"http://mdn.github.io/canvas-raycaster/" to, RF_ICASE)
#define WG(name, to)	R(P(LIT("samples/webgl/" name), EOS), \
	"http://mdn.github.io/webgl-examples/tutorial/" to, RF_ICASE)
/* Zones: "{loc}(docs/)?{root}" -> "/{loc}docs/{slug}{sub_path}", loc ""
 * for the rules without a locale (an empty literal matches at once); the
 * "docs/" is optional only where the root differs from the slug (ZS). */
#define ZD(loc, root, slug) \
	R(P(LIT(loc), OPT("docs/"), LIT(root), ZONE(1)), \
	"/" loc "docs/" slug "{1}", RF_302 | RF_ZONE)
#define ZS(loc, root)	R(P(LIT(loc root), ZONE(1)), \
	"/" loc "docs/" root "{1}", RF_302 | RF_ZONE)
#define MD	"https://firefox-source-docs.mozilla.org/testing/marionette/" \
	"marionette/"
#define MN(pat, to)	R(pat, to, RF_ICASE | RF_LOCALE)

/*
 * The table, in the order of redirectpatterns in redirects.py: 131
 * scl3_redirectpatterns (0 .. 130), 116 zone_redirectpatterns (131 ..
 * 246), 11 marionette_redirectpatterns (247 .. 257), fellowship (258).
 */
static const struct rurl_rule rurl_rules[] = {
	/* 0: scl3 */
	R(P(LIT("media/"), OPT("redesign/"), LIT("css/"), STAR(1),
	    LIT("-min.css"), EOS),
	    "/static/build/styles/{1}.css", 0),
	R(P(LIT("media/"), OPT("redesign/"), LIT("js/"), STAR(1),
	    LIT("-min.js"), EOS),
	    "/static/build/js/{1}.js", 0),
	R(P(LIT("media/"), OPT("redesign/"), LIT("img"), STAR(1), EOS),
	    "/static/img{1}", 0),
	R(P(LIT("media/"), OPT("redesign/"), LIT("css"), STAR(1), EOS),
	    "/static/styles{1}", 0),
	R(P(LIT("media/"), OPT("redesign/"), LIT("js"), STAR(1), EOS),
	    "/static/js{1}", 0),
	R(P(LIT("media/"), OPT("redesign/"), LIT("fonts"), STAR(1), EOS),
	    "/static/fonts{1}", 0),
	R(P(LIT("media/uploads/demos/"), STAR(0), EOS),
	    "/docs/Web/Demos_of_open_web_technologies/", RF_302),
	R(P(STAR(1), LIT("//"), STAR(2), LIT("//"), STAR(3), EOS),
	    "/{1}_{2}_{3}", RF_ICASE),
	R(P(STAR(1), LIT("//"), STAR(2), EOS),
	    "/{1}_{2}", RF_ICASE),
	CT("2_1_canvas_rect", "Drawing_shapes#Rectangular_shape_example"),
	CT("2_2_canvas_moveto", "Drawing_shapes#Moving_the_pen"),
	CT("2_3_canvas_lineto", "Drawing_shapes#Lines"),
	CT("2_4_canvas_arc", "Drawing_shapes#Arcs"),
	CT("2_5_canvas_quadraticcurveto",
	    "Drawing_shapes#Quadratic_Bezier_curves"),
	CT("2_6_canvas_beziercurveto", "Drawing_shapes#Cubic_Bezier_curves"),
	CT("3_1_canvas_drawimage", "Using_images#Drawing_images"),
	CT("3_2_canvas_drawimage", "Using_images#Example.3A_Tiling_an_image"),
	CT("3_3_canvas_drawimage", "Using_images#Example.3A_Framing_an_image"),
	CT("3_4_canvas_gallery", "Using_images#Art_gallery_example"),
	CR("4_1_canvas_fillstyle", "fillStyle"),
	CR("4_2_canvas_strokestyle", "strokeStyle"),
	CR("4_3_canvas_globalalpha", "globalAlpha"),
	CT("4_4_canvas_rgba",
	    "Applying_styles_and_colors#An_example_using_rgba()"),
	CT("4_5_canvas_linewidth",
	    "Applying_styles_and_colors#A_lineWidth_example"),
	CR("4_6_canvas_linecap", "lineCap"),
	CR("4_7_canvas_linejoin", "lineJoin"),
	CR("4_8_canvas_miterlimit", "miterLimit"),
	CT("4_9_canvas_lineargradient",
	    "Applying_styles_and_colors#A_createLinearGradient_example"),
	CT("4_10_canvas_radialgradient",
	    "Applying_styles_and_colors#A_createRadialGradient_example"),
	CR("4_11_canvas_createpattern", "createPattern"),
	CT("5_1_canvas_savestate",
	    "Transformations#A_save_and_restore_canvas_state_example"),
	CR("5_2_canvas_translate", "translate"),
	CR("5_3_canvas_rotate", "rotate"),
	CR("5_4_canvas_scale", "scale"),
	CR("6_1_canvas_composite", "globalCompositeOperation"),
	CT("6_2_canvas_clipping", "Compositing#Clipping_paths"),
	CR("globalCompositeOperation", "globalCompositeOperation"),
	CI("backdrop.png", "5395/backdrop.png"),
	CI("bg_gallery.png", "5415/bg_gallery.png"),
	CI("gallery_1.jpg", "5399/gallery_1.jpg"),
	CI("gallery_2.jpg", "5401/gallery_2.jpg"),
	CI("gallery_3.jpg", "5403/gallery_3.jpg"),
	CI("gallery_4.jpg", "5405/gallery_4.jpg"),
	CI("gallery_5.jpg", "5407/gallery_5.jpg"),
	CI("gallery_6.jpg", "5409/gallery_6.jpg"),
	CI("gallery_7.jpg", "5411/gallery_7.jpg"),
	CI("gallery_8.jpg", "5413/gallery_8.jpg"),
	CI("picture_frame.png", "242/Canvas_picture_frame.png"),
	CI("rhino.jpg", "5397/rhino.jpg"),
	CI("wallpaper.png", "222/Canvas_createpattern.png"),
	R(P(LIT("samples/domref/mozGetAsFile.html"), EOS),
	    "/docs/Web/API/HTMLCanvasElement.mozGetAsFile", RF_ICASE),
	RC("input.js", "input.js"),
	RC("Level.js", "Level.js"),
	RC("Player.js", "Player.js"),
	RC("RayCaster.html", "index.html"),
	RC("RayCaster.js", "RayCaster.js"),
	RC("trace.css", "trace.css"),
	RC("trace.js", "trace.js"),
	WG("sample1", "sample1"),
	WG("sample1/index.html", "sample1/index.html"),
	WG("sample1/webgl-demo.js", "sample1/webgl-demo.js"),
	WG("sample1/webgl.css", "webgl.css"),
	WG("sample2", "sample2"),
	WG("sample2/glUtils.js", "glUtils.js"),
	WG("sample2/index.html", "sample2/index.html"),
	WG("sample2/sylvester.js", "sylvester.js"),
	WG("sample2/webgl-demo.js", "sample2/webgl-demo.js"),
	WG("sample2/webgl.css", "webgl.css"),
	WG("sample3", "sample3"),
	WG("sample3/glUtils.js", "glUtils.js"),
	WG("sample3/index.html", "sample3/index.html"),
	WG("sample3/sylvester.js", "sylvester.js"),
	WG("sample3/webgl-demo.js", "sample3/webgl-demo.js"),
	WG("sample3/webgl.css", "webgl.css"),
	WG("sample4", "sample4"),
	WG("sample4/glUtils.js", "glUtils.js"),
	WG("sample4/index.html", "sample4/index.html"),
	WG("sample4/sylvester.js", "sylvester.js"),
	WG("sample4/webgl-demo.js", "sample4/webgl-demo.js"),
	WG("sample4/webgl.css", "webgl.css"),
	WG("sample5", "sample5"),
	WG("sample5/glUtils.js", "glUtils.js"),
	WG("sample5/index.html", "sample5/index.html"),
	WG("sample5/sylvester.js", "sylvester.js"),
	WG("sample5/webgl-demo.js", "sample5/webgl-demo.js"),
	WG("sample5/webgl.css", "webgl.css"),
	WG("sample6", "sample6"),
	WG("sample6/cubetexture.png", "sample6/cubetexture.png"),
	WG("sample6/glUtils.js", "glUtils.js"),
	WG("sample6/index.html", "sample6/index.html"),
	WG("sample6/sylvester.js", "sylvester.js"),
	WG("sample6/webgl-demo.js", "sample6/webgl-demo.js"),
	WG("sample6/webgl.css", "webgl.css"),
	WG("sample7", "sample7"),
	WG("sample7/cubetexture.png", "sample7/cubetexture.png"),
	WG("sample7/glUtils.js", "glUtils.js"),
	WG("sample7/index.html", "sample7/index.html"),
	WG("sample7/sylvester.js", "sylvester.js"),
	WG("sample7/webgl-demo.js", "sample7/webgl-demo.js"),
	WG("sample7/webgl.css", "webgl.css"),
	WG("sample8", "sample8"),
	WG("sample8/Firefox.ogv", "sample8/Firefox.ogv"),
	WG("sample8/glUtils.js", "glUtils.js"),
	WG("sample8/index.html", "sample8/index.html"),
	WG("sample8/sylvester.js", "sylvester.js"),
	WG("sample8/webgl-demo.js", "sample8/webgl-demo.js"),
	WG("sample8/webgl.css", "webgl.css"),
	R(P(LIT("Firefox_OS/Security"), EOS),
	    "/docs/Mozilla/Firefox_OS/Security", RF_ICASE),
	R(P(LIT("mobile"), OPT("/"), EOS),
	    "/docs/Mozilla/Mobile", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("addons"), OPT("/"), EOS),
	    "/Add-ons", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("mozilla"), OPT("/"), EOS),
	    "/docs/Mozilla", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("web"), OPT("/"), EOS),
	    "/docs/Web", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("learn/html5"), OPT("/"), EOS),
	    "/docs/Web/Guide/HTML/HTML5", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("En/JavaScript/Reference/Objects/Array"), EOS),
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Array", RF_ICASE),
	R(P(LIT("En/JavaScript/Reference/Objects"), EOS),
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Object",
	    RF_ICASE),
	R(P(EXACT("En/Core_JavaScript_1.5_Reference/Objects/"), STAR(1), EOS),
	    "/en-US/docs/JavaScript/Reference/Global_Objects/{1}", RF_ICASE),
	R(P(EXACT("En/Core_JavaScript_1.5_Reference/"), STAR(1), EOS),
	    "/en-US/docs/JavaScript/Reference/{1}", RF_ICASE),
	R(P(LIT("HTML5"), EOS),
	    "/docs/HTML/HTML5", RF_ICASE | RF_LOCALE | RF_PREPEND),
	R(P(LIT("web-tech/2008/09/12/css-transforms"), EOS),
	    "/docs/CSS/Using_CSS_transforms", 0),
	R(P(LIT("docs"), OPT("/"), EOS),
	    "/docs/Web", RF_ICASE | RF_LOCALE | RF_PREPEND),
	R(P(LIT("devnews/index.php/feed")),
	    "https://blog.mozilla.org/feed/", RF_LOCALE | RF_LAZY),
	R(P(LIT("devnews")),
	    "https://wiki.mozilla.org/Releases", RF_LOCALE | RF_LAZY),
	R(P(LIT("learn/html")),
	    "/Learn/HTML", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("learn/css")),
	    "/Learn/CSS", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("learn/javascript")),
	    "/Learn/JavaScript", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("learn")),
	    "/Learn", RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("demos/detail/bananabread"), EOS),
	    "https://github.com/kripken/BananaBread/", RF_LOCALE | RF_LAZY),
	R(P(LIT("demos/detail/bananabread/launch"), EOS),
	    "https://kripken.github.io/BananaBread/cube2/index.html",
	    RF_LOCALE | RF_LAZY),
	R(P(LIT("demos")),
	    "/docs/Web/Demos_of_open_web_technologies",
	    RF_LOCALE | RF_LAZY | RF_PREPEND),
	R(P(LIT("contests")),
	    "http://www.mozillalabs.com/", RF_302),
	R(P(LIT("es4")),
	    "http://www.ecma-international.org/memento/TC39.htm", RF_302),
	/* 131: zones */
	ZD("af/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ar/", "Add-ons", "Mozilla/Add-ons"),
	ZD("bn-BD/", "Add-ons", "Mozilla/Add-ons"),
	ZD("bn-IN/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ca/", "Add-ons", "Mozilla/Add-ons"),
	ZD("cs/", "Add-ons", "Mozilla/Add-ons"),
	ZD("de/", "Add-ons", "Mozilla/Add-ons"),
	ZD("en-US/", "Add-ons", "Mozilla/Add-ons"),
	ZD("es/", "Add-ons", "Mozilla/Add-ons"),
	ZD("fa/", "Add-ons", "Mozilla/Add-ons"),
	ZD("fr/", "Add-ons", "Mozilla/Add-ons"),
	ZD("hu/", "Add-ons", "Mozilla/Add-ons"),
	ZD("id/", "Add-ons", "Mozilla/Add-ons"),
	ZD("it/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ja/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ms/", "Add-ons", "Mozilla/Add-ons"),
	ZD("nl/", "Add-ons", "Mozilla/Add-ons"),
	ZD("pl/", "Add-ons", "Mozilla/Add-ons"),
	ZD("pt-BR/", "Add-ons", "Mozilla/Add-ons"),
	ZD("pt-PT/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ro/", "Add-ons", "Mozilla/Add-ons"),
	ZD("ru/", "Add-ons", "Mozilla/Add-ons"),
	ZD("sv-SE/", "Add-ons", "Mozilla/Add-ons"),
	ZD("th/", "Add-ons", "Mozilla/Add-ons"),
	ZD("uk/", "Add-ons", "Mozilla/Add-ons"),
	ZD("vi/", "Add-ons", "Mozilla/Add-ons"),
	ZD("zh-CN/", "Add-ons", "Mozilla/Add-ons"),
	ZD("zh-TW/", "Add-ons", "Mozilla/Add-ons"),
	ZD("", "Add-ons", "Mozilla/Add-ons"),
	ZD("el/", "Add-ons", "Mozilla/Πρόσθετα"),
	ZD("ko/", "Add-ons", "Mozilla/애드온들"),
	ZD("tr/", "Add-ons", "Mozilla/Eklentiler"),
	ZD("af/", "Firefox", "Mozilla/Firefox"),
	ZD("ar/", "Firefox", "Mozilla/Firefox"),
	ZD("az/", "Firefox", "Mozilla/Firefox"),
	ZD("bm/", "Firefox", "Mozilla/Firefox"),
	ZD("bn-IN/", "Firefox", "Mozilla/Firefox"),
	ZD("ca/", "Firefox", "Mozilla/Firefox"),
	ZD("cs/", "Firefox", "Mozilla/Firefox"),
	ZD("de/", "Firefox", "Mozilla/Firefox"),
	ZD("ee/", "Firefox", "Mozilla/Firefox"),
	ZD("el/", "Firefox", "Mozilla/Firefox"),
	ZD("en-US/", "Firefox", "Mozilla/Firefox"),
	ZD("es/", "Firefox", "Mozilla/Firefox"),
	ZD("ff/", "Firefox", "Mozilla/Firefox"),
	ZD("fi/", "Firefox", "Mozilla/Firefox"),
	ZD("fr/", "Firefox", "Mozilla/Firefox"),
	ZD("fy-NL/", "Firefox", "Mozilla/Firefox"),
	ZD("ga-IE/", "Firefox", "Mozilla/Firefox"),
	ZD("ha/", "Firefox", "Mozilla/Firefox"),
	ZD("he/", "Firefox", "Mozilla/Firefox"),
	ZD("hi-IN/", "Firefox", "Mozilla/Firefox"),
	ZD("hr/", "Firefox", "Mozilla/Firefox"),
	ZD("hu/", "Firefox", "Mozilla/Firefox"),
	ZD("id/", "Firefox", "Mozilla/Firefox"),
	ZD("ig/", "Firefox", "Mozilla/Firefox"),
	ZD("it/", "Firefox", "Mozilla/Firefox"),
	ZD("ja/", "Firefox", "Mozilla/Firefox"),
	ZD("ka/", "Firefox", "Mozilla/Firefox"),
	ZD("ko/", "Firefox", "Mozilla/Firefox"),
	ZD("ln/", "Firefox", "Mozilla/Firefox"),
	ZD("ml/", "Firefox", "Mozilla/Firefox"),
	ZD("ms/", "Firefox", "Mozilla/Firefox"),
	ZD("my/", "Firefox", "Mozilla/Firefox"),
	ZD("nl/", "Firefox", "Mozilla/Firefox"),
	ZD("pl/", "Firefox", "Mozilla/Firefox"),
	ZD("pt-BR/", "Firefox", "Mozilla/Firefox"),
	ZD("pt-PT/", "Firefox", "Mozilla/Firefox"),
	ZD("ro/", "Firefox", "Mozilla/Firefox"),
	ZD("ru/", "Firefox", "Mozilla/Firefox"),
	ZD("son/", "Firefox", "Mozilla/Firefox"),
	ZD("sq/", "Firefox", "Mozilla/Firefox"),
	ZD("sv-SE/", "Firefox", "Mozilla/Firefox"),
	ZD("sw/", "Firefox", "Mozilla/Firefox"),
	ZD("ta/", "Firefox", "Mozilla/Firefox"),
	ZD("th/", "Firefox", "Mozilla/Firefox"),
	ZD("tl/", "Firefox", "Mozilla/Firefox"),
	ZD("tr/", "Firefox", "Mozilla/Firefox"),
	ZD("vi/", "Firefox", "Mozilla/Firefox"),
	ZD("wo/", "Firefox", "Mozilla/Firefox"),
	ZD("xh/", "Firefox", "Mozilla/Firefox"),
	ZD("yo/", "Firefox", "Mozilla/Firefox"),
	ZD("zh-CN/", "Firefox", "Mozilla/Firefox"),
	ZD("zh-TW/", "Firefox", "Mozilla/Firefox"),
	ZD("zu/", "Firefox", "Mozilla/Firefox"),
	ZD("", "Firefox", "Mozilla/Firefox"),
	ZD("bn-BD/", "Firefox", "Mozilla/ফায়ারফক্স"),
	ZD("en-US/", "Apps", "Web/Apps"),
	ZD("fa/", "Apps", "Web/Apps"),
	ZD("fr/", "Apps", "Web/Apps"),
	ZD("ja/", "Apps", "Web/Apps"),
	ZD("ta/", "Apps", "Web/Apps"),
	ZD("th/", "Apps", "Web/Apps"),
	ZD("zh-CN/", "Apps", "Web/Apps"),
	ZD("zh-TW/", "Apps", "Web/Apps"),
	ZD("", "Apps", "Web/Apps"),
	ZD("es/", "Apps", "Web/Aplicaciones"),
	ZS("bn-BD/", "Apps"),
	ZS("de/", "Apps"),
	ZS("it/", "Apps"),
	ZS("ko/", "Apps"),
	ZS("pt-BR/", "Apps"),
	ZS("ru/", "Apps"),
	ZS("ca/", "Learn"),
	ZS("de/", "Learn"),
	ZS("", "Learn"),
	ZS("fr/", "Apprendre"),
	ZD("de/", "Marketplace", "Mozilla/Marketplace"),
	ZD("en-US/", "Marketplace", "Mozilla/Marketplace"),
	ZD("es/", "Marketplace", "Mozilla/Marketplace"),
	ZD("fr/", "Marketplace", "Mozilla/Marketplace"),
	ZD("it/", "Marketplace", "Mozilla/Marketplace"),
	ZD("ja/", "Marketplace", "Mozilla/Marketplace"),
	ZD("zh-CN/", "Marketplace", "Mozilla/Marketplace"),
	ZD("", "Marketplace", "Mozilla/Marketplace"),
	ZD("fa/", "Marketplace", "Mozilla/بازار"),
	/* 247: marionette */
	MN(P(LIT("docs/"), OPT("Mozilla/QA/"), LIT("Marionette"), EOS),
	    MD "index.html"),
	MN(P(LIT("docs/"), OPT("Mozilla/QA/"), LIT("Marionette/Builds"), EOS),
	    MD "Building.html"),
	R(P(LIT("docs/"), OPT("Mozilla/QA/"), LIT("Marionette/Client"), EOS),
	    "https://marionette-client.readthedocs.io/en/latest/",
	    RF_ICASE | RF_LOCALE),
	R(P(LIT("docs/Mozilla/QA/Marionette/Python_Client"), EOS),
	    "https://marionette-client.readthedocs.io/en/latest/",
	    RF_ICASE | RF_LOCALE),
	MN(P(LIT("docs/"), OPT("Mozilla/QA/"),
	    LIT("Marionette/Developer_setup"), EOS),
	    MD "Contributing.html"),
	MN(P(LIT("docs/Marionette_Test_Runner"), EOS),
	    MD "PythonTests.html"),
	MN(P(LIT("docs/Mozilla/QA/Marionette/Marionette_Test_Runner"), EOS),
	    MD "PythonTests.html"),
	MN(P(LIT("docs/"), OPT("Mozilla/QA/"), LIT("Marionette/"),
	    ALT("MarionetteTestCase|Marionette_Python_Tests|Running_Tests|"
	    "Tests"),
	    EOS),
	    MD "PythonTests.html"),
	MN(P(LIT("docs/Mozilla/QA/Marionette/Protocol"), EOS),
	    MD "Protocol.html"),
	R(P(LIT("docs/Mozilla/QA/Marionette/WebDriver/status"), EOS),
	    "https://bugzilla.mozilla.org/showdependencytree.cgi"
	    "?id=721859&hide_resolved=1",
	    RF_ICASE | RF_LOCALE),
	MN(P(LIT("docs/Marionette/Debugging"), EOS),
	    MD "Debugging.html"),
	/* 258: fellowship */
	R(P(LIT("fellowship")),
	    "/docs/Archive/2015_MDN_Fellowship_Program",
	    RF_LOCALE | RF_PREPEND),
};

struct rurl_key {
	const char *key;
	unsigned short rule;
};

/* Every rule under each of its keys, sorted by key (strcmp), then rule. */
static const struct rurl_key rurl_keys[] = {
	{ "", 7 }, { "", 8 }, { "add-ons", 159 }, { "addons", 109 },
	{ "af/add-ons", 131 }, { "af/docs/add-ons", 131 },
	{ "af/docs/firefox", 163 }, { "af/firefox", 163 }, { "apps", 226 },
	{ "ar/add-ons", 132 }, { "ar/docs/add-ons", 132 },
	{ "ar/docs/firefox", 164 }, { "ar/firefox", 164 },
	{ "az/docs/firefox", 165 }, { "az/firefox", 165 },
	{ "bm/docs/firefox", 166 }, { "bm/firefox", 166 },
	{ "bn-bd/add-ons", 133 }, { "bn-bd/apps", 228 },
	{ "bn-bd/docs/add-ons", 133 }, { "bn-bd/docs/firefox", 217 },
	{ "bn-bd/firefox", 217 }, { "bn-in/add-ons", 134 },
	{ "bn-in/docs/add-ons", 134 }, { "bn-in/docs/firefox", 167 },
	{ "bn-in/firefox", 167 }, { "ca/add-ons", 135 },
	{ "ca/docs/add-ons", 135 }, { "ca/docs/firefox", 168 },
	{ "ca/firefox", 168 }, { "ca/learn", 234 }, { "contests", 129 },
	{ "cs/add-ons", 136 }, { "cs/docs/add-ons", 136 },
	{ "cs/docs/firefox", 169 }, { "cs/firefox", 169 },
	{ "de/add-ons", 137 }, { "de/apps", 229 }, { "de/docs/add-ons", 137 },
	{ "de/docs/firefox", 170 }, { "de/docs/marketplace", 238 },
	{ "de/firefox", 170 }, { "de/learn", 235 }, { "de/marketplace", 238 },
	{ "demos", 128 }, { "demos/detail/bananabread", 126 },
	{ "demos/detail/bananabread/launch", 127 }, { "devnews", 121 },
	{ "devnews/index", 120 }, { "docs", 119 }, { "docs/add-ons", 159 },
	{ "docs/apps", 226 }, { "docs/firefox", 216 },
	{ "docs/marionette", 247 }, { "docs/marionette/", 254 },
	{ "docs/marionette/builds", 248 }, { "docs/marionette/client", 249 },
	{ "docs/marionette/debugging", 257 },
	{ "docs/marionette/developer_setup", 251 },
	{ "docs/marionette_test_runner", 252 }, { "docs/marketplace", 245 },
	{ "docs/mozilla/qa/marionette", 247 },
	{ "docs/mozilla/qa/marionette/", 254 },
	{ "docs/mozilla/qa/marionette/builds", 248 },
	{ "docs/mozilla/qa/marionette/client", 249 },
	{ "docs/mozilla/qa/marionette/developer_setup", 251 },
	{ "docs/mozilla/qa/marionette/marionette_test_runner", 253 },
	{ "docs/mozilla/qa/marionette/protocol", 255 },
	{ "docs/mozilla/qa/marionette/python_client", 250 },
	{ "docs/mozilla/qa/marionette/webdriver/status", 256 },
	{ "ee/docs/firefox", 171 }, { "ee/firefox", 171 },
	{ "el/add-ons", 160 }, { "el/docs/add-ons", 160 },
	{ "el/docs/firefox", 172 }, { "el/firefox", 172 },
	{ "en-us/add-ons", 138 }, { "en-us/apps", 218 },
	{ "en-us/docs/add-ons", 138 }, { "en-us/docs/apps", 218 },
	{ "en-us/docs/firefox", 173 }, { "en-us/docs/marketplace", 239 },
	{ "en-us/firefox", 173 }, { "en-us/marketplace", 239 },
	{ "en/core_javascript_1.5_reference/", 116 },
	{ "en/core_javascript_1.5_reference/objects/", 115 },
	{ "en/javascript/reference/objects", 114 },
	{ "en/javascript/reference/objects/array", 113 },
	{ "es/add-ons", 139 }, { "es/apps", 227 }, { "es/docs/add-ons", 139 },
	{ "es/docs/apps", 227 }, { "es/docs/firefox", 174 },
	{ "es/docs/marketplace", 240 }, { "es/firefox", 174 },
	{ "es/marketplace", 240 }, { "es4", 130 }, { "fa/add-ons", 140 },
	{ "fa/apps", 219 }, { "fa/docs/add-ons", 140 },
	{ "fa/docs/apps", 219 }, { "fa/docs/marketplace", 246 },
	{ "fa/marketplace", 246 }, { "fellowship", 258 },
	{ "ff/docs/firefox", 175 }, { "ff/firefox", 175 },
	{ "fi/docs/firefox", 176 }, { "fi/firefox", 176 }, { "firefox", 216 },
	{ "firefox_os/security", 107 }, { "fr/add-ons", 141 },
	{ "fr/apprendre", 237 }, { "fr/apps", 220 },
	{ "fr/docs/add-ons", 141 }, { "fr/docs/apps", 220 },
	{ "fr/docs/firefox", 177 }, { "fr/docs/marketplace", 241 },
	{ "fr/firefox", 177 }, { "fr/marketplace", 241 },
	{ "fy-nl/docs/firefox", 178 }, { "fy-nl/firefox", 178 },
	{ "ga-ie/docs/firefox", 179 }, { "ga-ie/firefox", 179 },
	{ "ha/docs/firefox", 180 }, { "ha/firefox", 180 },
	{ "he/docs/firefox", 181 }, { "he/firefox", 181 },
	{ "hi-in/docs/firefox", 182 }, { "hi-in/firefox", 182 },
	{ "hr/docs/firefox", 183 }, { "hr/firefox", 183 }, { "html5", 117 },
	{ "hu/add-ons", 142 }, { "hu/docs/add-ons", 142 },
	{ "hu/docs/firefox", 184 }, { "hu/firefox", 184 },
	{ "id/add-ons", 143 }, { "id/docs/add-ons", 143 },
	{ "id/docs/firefox", 185 }, { "id/firefox", 185 },
	{ "ig/docs/firefox", 186 }, { "ig/firefox", 186 },
	{ "it/add-ons", 144 }, { "it/apps", 230 }, { "it/docs/add-ons", 144 },
	{ "it/docs/firefox", 187 }, { "it/docs/marketplace", 242 },
	{ "it/firefox", 187 }, { "it/marketplace", 242 },
	{ "ja/add-ons", 145 }, { "ja/apps", 221 }, { "ja/docs/add-ons", 145 },
	{ "ja/docs/apps", 221 }, { "ja/docs/firefox", 188 },
	{ "ja/docs/marketplace", 243 }, { "ja/firefox", 188 },
	{ "ja/marketplace", 243 }, { "ka/docs/firefox", 189 },
	{ "ka/firefox", 189 }, { "ko/add-ons", 161 }, { "ko/apps", 231 },
	{ "ko/docs/add-ons", 161 }, { "ko/docs/firefox", 190 },
	{ "ko/firefox", 190 }, { "learn", 125 }, { "learn", 236 },
	{ "learn/css", 123 }, { "learn/html", 122 }, { "learn/html5", 112 },
	{ "learn/javascript", 124 }, { "ln/docs/firefox", 191 },
	{ "ln/firefox", 191 }, { "marketplace", 245 }, { "media/css", 3 },
	{ "media/css/", 0 }, { "media/fonts", 5 }, { "media/img", 2 },
	{ "media/js", 4 }, { "media/js/", 1 }, { "media/redesign/css", 3 },
	{ "media/redesign/css/", 0 }, { "media/redesign/fonts", 5 },
	{ "media/redesign/img", 2 }, { "media/redesign/js", 4 },
	{ "media/redesign/js/", 1 }, { "media/uploads/demos/", 6 },
	{ "ml/docs/firefox", 192 }, { "ml/firefox", 192 }, { "mobile", 108 },
	{ "mozilla", 110 }, { "ms/add-ons", 146 }, { "ms/docs/add-ons", 146 },
	{ "ms/docs/firefox", 193 }, { "ms/firefox", 193 },
	{ "my/docs/firefox", 194 }, { "my/firefox", 194 },
	{ "nl/add-ons", 147 }, { "nl/docs/add-ons", 147 },
	{ "nl/docs/firefox", 195 }, { "nl/firefox", 195 },
	{ "pl/add-ons", 148 }, { "pl/docs/add-ons", 148 },
	{ "pl/docs/firefox", 196 }, { "pl/firefox", 196 },
	{ "pt-br/add-ons", 149 }, { "pt-br/apps", 232 },
	{ "pt-br/docs/add-ons", 149 }, { "pt-br/docs/firefox", 197 },
	{ "pt-br/firefox", 197 }, { "pt-pt/add-ons", 150 },
	{ "pt-pt/docs/add-ons", 150 }, { "pt-pt/docs/firefox", 198 },
	{ "pt-pt/firefox", 198 }, { "ro/add-ons", 151 },
	{ "ro/docs/add-ons", 151 }, { "ro/docs/firefox", 199 },
	{ "ro/firefox", 199 }, { "ru/add-ons", 152 }, { "ru/apps", 233 },
	{ "ru/docs/add-ons", 152 }, { "ru/docs/firefox", 200 },
	{ "ru/firefox", 200 },
	{ "samples/canvas-tutorial/2_1_canvas_rect", 9 },
	{ "samples/canvas-tutorial/2_2_canvas_moveto", 10 },
	{ "samples/canvas-tutorial/2_3_canvas_lineto", 11 },
	{ "samples/canvas-tutorial/2_4_canvas_arc", 12 },
	{ "samples/canvas-tutorial/2_5_canvas_quadraticcurveto", 13 },
	{ "samples/canvas-tutorial/2_6_canvas_beziercurveto", 14 },
	{ "samples/canvas-tutorial/3_1_canvas_drawimage", 15 },
	{ "samples/canvas-tutorial/3_2_canvas_drawimage", 16 },
	{ "samples/canvas-tutorial/3_3_canvas_drawimage", 17 },
	{ "samples/canvas-tutorial/3_4_canvas_gallery", 18 },
	{ "samples/canvas-tutorial/4_10_canvas_radialgradient", 28 },
	{ "samples/canvas-tutorial/4_11_canvas_createpattern", 29 },
	{ "samples/canvas-tutorial/4_1_canvas_fillstyle", 19 },
	{ "samples/canvas-tutorial/4_2_canvas_strokestyle", 20 },
	{ "samples/canvas-tutorial/4_3_canvas_globalalpha", 21 },
	{ "samples/canvas-tutorial/4_4_canvas_rgba", 22 },
	{ "samples/canvas-tutorial/4_5_canvas_linewidth", 23 },
	{ "samples/canvas-tutorial/4_6_canvas_linecap", 24 },
	{ "samples/canvas-tutorial/4_7_canvas_linejoin", 25 },
	{ "samples/canvas-tutorial/4_8_canvas_miterlimit", 26 },
	{ "samples/canvas-tutorial/4_9_canvas_lineargradient", 27 },
	{ "samples/canvas-tutorial/5_1_canvas_savestate", 30 },
	{ "samples/canvas-tutorial/5_2_canvas_translate", 31 },
	{ "samples/canvas-tutorial/5_3_canvas_rotate", 32 },
	{ "samples/canvas-tutorial/5_4_canvas_scale", 33 },
	{ "samples/canvas-tutorial/6_1_canvas_composite", 34 },
	{ "samples/canvas-tutorial/6_2_canvas_clipping", 35 },
	{ "samples/canvas-tutorial/globalcompositeoperation", 36 },
	{ "samples/canvas-tutorial/images/backdrop", 37 },
	{ "samples/canvas-tutorial/images/bg_gallery", 38 },
	{ "samples/canvas-tutorial/images/gallery_1", 39 },
	{ "samples/canvas-tutorial/images/gallery_2", 40 },
	{ "samples/canvas-tutorial/images/gallery_3", 41 },
	{ "samples/canvas-tutorial/images/gallery_4", 42 },
	{ "samples/canvas-tutorial/images/gallery_5", 43 },
	{ "samples/canvas-tutorial/images/gallery_6", 44 },
	{ "samples/canvas-tutorial/images/gallery_7", 45 },
	{ "samples/canvas-tutorial/images/gallery_8", 46 },
	{ "samples/canvas-tutorial/images/picture_frame", 47 },
	{ "samples/canvas-tutorial/images/rhino", 48 },
	{ "samples/canvas-tutorial/images/wallpaper", 49 },
	{ "samples/domref/mozgetasfile", 50 },
	{ "samples/raycaster/input", 51 }, { "samples/raycaster/level", 52 },
	{ "samples/raycaster/player", 53 },
	{ "samples/raycaster/raycaster", 54 },
	{ "samples/raycaster/raycaster", 55 },
	{ "samples/raycaster/trace", 56 }, { "samples/raycaster/trace", 57 },
	{ "samples/webgl/sample1", 58 },
	{ "samples/webgl/sample1/index", 59 },
	{ "samples/webgl/sample1/webgl", 61 },
	{ "samples/webgl/sample1/webgl-demo", 60 },
	{ "samples/webgl/sample2", 62 },
	{ "samples/webgl/sample2/glutils", 63 },
	{ "samples/webgl/sample2/index", 64 },
	{ "samples/webgl/sample2/sylvester", 65 },
	{ "samples/webgl/sample2/webgl", 67 },
	{ "samples/webgl/sample2/webgl-demo", 66 },
	{ "samples/webgl/sample3", 68 },
	{ "samples/webgl/sample3/glutils", 69 },
	{ "samples/webgl/sample3/index", 70 },
	{ "samples/webgl/sample3/sylvester", 71 },
	{ "samples/webgl/sample3/webgl", 73 },
	{ "samples/webgl/sample3/webgl-demo", 72 },
	{ "samples/webgl/sample4", 74 },
	{ "samples/webgl/sample4/glutils", 75 },
	{ "samples/webgl/sample4/index", 76 },
	{ "samples/webgl/sample4/sylvester", 77 },
	{ "samples/webgl/sample4/webgl", 79 },
	{ "samples/webgl/sample4/webgl-demo", 78 },
	{ "samples/webgl/sample5", 80 },
	{ "samples/webgl/sample5/glutils", 81 },
	{ "samples/webgl/sample5/index", 82 },
	{ "samples/webgl/sample5/sylvester", 83 },
	{ "samples/webgl/sample5/webgl", 85 },
	{ "samples/webgl/sample5/webgl-demo", 84 },
	{ "samples/webgl/sample6", 86 },
	{ "samples/webgl/sample6/cubetexture", 87 },
	{ "samples/webgl/sample6/glutils", 88 },
	{ "samples/webgl/sample6/index", 89 },
	{ "samples/webgl/sample6/sylvester", 90 },
	{ "samples/webgl/sample6/webgl", 92 },
	{ "samples/webgl/sample6/webgl-demo", 91 },
	{ "samples/webgl/sample7", 93 },
	{ "samples/webgl/sample7/cubetexture", 94 },
	{ "samples/webgl/sample7/glutils", 95 },
	{ "samples/webgl/sample7/index", 96 },
	{ "samples/webgl/sample7/sylvester", 97 },
	{ "samples/webgl/sample7/webgl", 99 },
	{ "samples/webgl/sample7/webgl-demo", 98 },
	{ "samples/webgl/sample8", 100 },
	{ "samples/webgl/sample8/firefox", 101 },
	{ "samples/webgl/sample8/glutils", 102 },
	{ "samples/webgl/sample8/index", 103 },
	{ "samples/webgl/sample8/sylvester", 104 },
	{ "samples/webgl/sample8/webgl", 106 },
	{ "samples/webgl/sample8/webgl-demo", 105 },
	{ "son/docs/firefox", 201 }, { "son/firefox", 201 },
	{ "sq/docs/firefox", 202 }, { "sq/firefox", 202 },
	{ "sv-se/add-ons", 153 }, { "sv-se/docs/add-ons", 153 },
	{ "sv-se/docs/firefox", 203 }, { "sv-se/firefox", 203 },
	{ "sw/docs/firefox", 204 }, { "sw/firefox", 204 }, { "ta/apps", 222 },
	{ "ta/docs/apps", 222 }, { "ta/docs/firefox", 205 },
	{ "ta/firefox", 205 }, { "th/add-ons", 154 }, { "th/apps", 223 },
	{ "th/docs/add-ons", 154 }, { "th/docs/apps", 223 },
	{ "th/docs/firefox", 206 }, { "th/firefox", 206 },
	{ "tl/docs/firefox", 207 }, { "tl/firefox", 207 },
	{ "tr/add-ons", 162 }, { "tr/docs/add-ons", 162 },
	{ "tr/docs/firefox", 208 }, { "tr/firefox", 208 },
	{ "uk/add-ons", 155 }, { "uk/docs/add-ons", 155 },
	{ "vi/add-ons", 156 }, { "vi/docs/add-ons", 156 },
	{ "vi/docs/firefox", 209 }, { "vi/firefox", 209 }, { "web", 111 },
	{ "web-tech/2008/09/12/css-transforms", 118 },
	{ "wo/docs/firefox", 210 }, { "wo/firefox", 210 },
	{ "xh/docs/firefox", 211 }, { "xh/firefox", 211 },
	{ "yo/docs/firefox", 212 }, { "yo/firefox", 212 },
	{ "zh-cn/add-ons", 157 }, { "zh-cn/apps", 224 },
	{ "zh-cn/docs/add-ons", 157 }, { "zh-cn/docs/apps", 224 },
	{ "zh-cn/docs/firefox", 213 }, { "zh-cn/docs/marketplace", 244 },
	{ "zh-cn/firefox", 213 }, { "zh-cn/marketplace", 244 },
	{ "zh-tw/add-ons", 158 }, { "zh-tw/apps", 225 },
	{ "zh-tw/docs/add-ons", 158 }, { "zh-tw/docs/apps", 225 },
	{ "zh-tw/docs/firefox", 214 }, { "zh-tw/firefox", 214 },
	{ "zu/docs/firefox", 215 }, { "zu/firefox", 215 },
};
#define RURL_NKEYS	(sizeof rurl_keys / sizeof rurl_keys[0])

#define RURL_NRULES	(sizeof rurl_rules / sizeof rurl_rules[0])
#define RURL_KEY_MAX	64	/* longest key: 51 bytes */
#define U8_BAD		0xffffffffu	/* a byte that is not UTF-8 */

_Static_assert(RURL_NRULES == 259, "Kuma's REF table has 259 patterns");

/* The path after its leading '/', as the patterns see it. */
struct subj {
	const unsigned char *s;
	size_t n;
	bool nl_inside;		/* a '\n' before the last byte: no "$" fits */
};

/* Group 0 is the locale prefix; 1 .. 3 the named groups. */
struct caps {
	size_t off[4];
	size_t len[4];
};

/* The code point at s[i] into *cp (U8_BAD for a byte that does not start
 * well-formed UTF-8); its length in bytes. */
static size_t
u8_get(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
	unsigned char c = s[i];
	size_t len, k;
	uint32_t v, min;

	*cp = c;
	if (c < 0x80)
		return 1;
	*cp = U8_BAD;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else
		return 1;
	if (n - i < len)
		return 1;
	for (k = 1; k < len; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return 1;
		v = v << 6 | (s[i + k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 1;
	*cp = v;
	return len;
}

static bool
is_alnum_ascii(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Python 2's \w under re.UNICODE, approximately (see the top). */
static bool
is_word(uint32_t c)
{
	if (c < 0x80)
		return is_alnum_ascii(c) || c == '_';
	if (c == U8_BAD)
		return false;
	/* C1 controls and Latin-1 signs, but for the letters and numbers
	 * among them (feminine and masculine ordinals, superscripts, micro
	 * sign, fractions). */
	if (c < 0xc0)
		return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 ||
		    c == 0xb9 || c == 0xba || (c >= 0xbc && c <= 0xbe);
	if (c == 0xd7 || c == 0xf7)
		return false;
	if (c >= 0x2000 && c <= 0x206f)
		return false;
	return !(c >= 0x3000 && c <= 0x3003);
}

/* Lower case as sre's IGNORECASE compares, for the code points whose
 * lower case is ASCII (our case-insensitive literals are all ASCII). */
static uint32_t
fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	if (c == 0x130)		/* LATIN CAPITAL LETTER I WITH DOT ABOVE */
		return 'i';
	if (c == 0x212a)	/* KELVIN SIGN */
		return 'k';
	return c;
}

static bool
at_eos(const struct subj *sj, size_t pos)
{
	return pos == sj->n || (pos + 1 == sj->n && sj->s[pos] == '\n');
}

/* Match the literal s (slen bytes) at *pos and move *pos past it. */
static bool
lit_at(const struct subj *sj, size_t *pos, const char *s, size_t slen,
    bool dots, bool icase)
{
	size_t i = *pos, k;
	uint32_t c, want;

	for (k = 0; k < slen; k++) {
		if (i >= sj->n)
			return false;
		want = (unsigned char)s[k];
		if (!dots || want != '.') {
			if (!icase) {
				if (sj->s[i++] != want)
					return false;
				continue;
			}
			i += u8_get(sj->s, sj->n, i, &c);
			if (fold(c) != fold(want))
				return false;
			continue;
		}
		i += u8_get(sj->s, sj->n, i, &c);
		if (c == '\n' || c == U8_BAD)
			return false;
	}
	*pos = i;
	return true;
}

static bool steps_at(const struct rurl_step *st, const struct subj *sj,
    size_t pos, bool icase, struct caps *c);

/* "(?:a|b|c)" then the rest: each alternative in order, as sre does. */
static bool
alt_at(const struct rurl_step *st, const struct subj *sj, size_t pos,
    bool icase, struct caps *c)
{
	const char *a = st->s, *bar;
	size_t p, alen;

	for (;;) {
		bar = strchr(a, '|');
		alen = bar != NULL ? (size_t)(bar - a) : strlen(a);
		p = pos;
		if (lit_at(sj, &p, a, alen, true, icase) &&
		    steps_at(st + 1, sj, p, icase, c))
			return true;
		if (bar == NULL)
			return false;
		a = bar + 1;
	}
}

/*
 * Greedy ".*" then the rest: longest first, ends on code point bounds.
 * Where a literal that starts with a '/' or '-' follows (the "//" rules,
 * "-min.css"), only the ends before such a byte can do.
 */
static bool
star_at(const struct rurl_step *st, const struct subj *sj, size_t pos,
    bool icase, struct caps *c)
{
	const unsigned char *nl = memchr(sj->s + pos, '\n', sj->n - pos);
	size_t end = nl != NULL ? (size_t)(nl - sj->s) : sj->n;
	int next = -1;

	if ((st[1].op == OP_LIT || st[1].op == OP_EXACT) &&
	    (st[1].s[0] == '/' || st[1].s[0] == '-'))
		next = st[1].s[0];
	for (;; end--) {
		if (next >= 0 && (end == sj->n || sj->s[end] != next))
			;	/* the literal cannot start here */
		else if (end == sj->n || (sj->s[end] & 0xc0) != 0x80) {
			c->off[st->n] = pos;
			c->len[st->n] = end - pos;
			if (steps_at(st + 1, sj, end, icase, c))
				return true;
		}
		if (end == pos)
			return false;
	}
}

/* "(?:/?|(?P<sub_path>[/$].+))$", the end of every zone pattern. */
static bool
zone_at(const struct rurl_step *st, const struct subj *sj, size_t pos,
    struct caps *c)
{
	const unsigned char *nl;
	size_t end;

	c->off[st->n] = pos;
	c->len[st->n] = 0;
	if ((pos < sj->n && sj->s[pos] == '/' && at_eos(sj, pos + 1)) ||
	    at_eos(sj, pos))
		return true;
	if (pos + 1 >= sj->n || (sj->s[pos] != '/' && sj->s[pos] != '$'))
		return false;
	nl = memchr(sj->s + pos + 1, '\n', sj->n - pos - 1);
	end = nl != NULL ? (size_t)(nl - sj->s) : sj->n;
	if (end == pos + 1 || !at_eos(sj, end))
		return false;
	c->len[st->n] = end - pos;
	return true;
}

/* The steps from st on, matched at pos; backtracks like sre. */
static bool
steps_at(const struct rurl_step *st, const struct subj *sj, size_t pos,
    bool icase, struct caps *c)
{
	size_t p;

	for (;; st++) {
		switch (st->op) {
		case OP_END:
			return true;
		case OP_LIT:
		case OP_EXACT:
			if (!lit_at(sj, &pos, st->s, strlen(st->s),
			    st->op == OP_LIT, icase))
				return false;
			break;
		case OP_OPT:
			p = pos;
			if (lit_at(sj, &p, st->s, strlen(st->s), true, icase) &&
			    steps_at(st + 1, sj, p, icase, c))
				return true;
			break;
		case OP_ALT:
			return alt_at(st, sj, pos, icase, c);
		case OP_STAR:
			return star_at(st, sj, pos, icase, c);
		case OP_EOS:
			if (!at_eos(sj, pos))
				return false;
			break;
		case OP_ZONE:
			return zone_at(st, sj, pos, c);
		default:
			return false;
		}
	}
}

/* After n word characters from pos: the position, or 0 if there are not
 * n of them (pos + n > 0 always holds for the n we ask). */
static size_t
words_at(const struct subj *sj, size_t pos, int n)
{
	uint32_t c;

	while (n-- > 0) {
		if (pos >= sj->n)
			return 0;
		pos += u8_get(sj->s, sj->n, pos, &c);
		if (!is_word(c))
			return 0;
	}
	return pos;
}

/*
 * The end of the locale prefix "\w{2,3}(?:-\w{2})?/" that the path starts
 * with, into *end.  There is at most one: a third word character rules
 * out the two-letter forms, and the byte after the letters is either '-'
 * or '/', so the order in which sre tries them does not matter.
 */
static bool
locale_end(const struct subj *sj, size_t *end)
{
	size_t p, r;
	int w;

	for (w = 3; w >= 2; w--) {
		p = words_at(sj, 0, w);
		if (p == 0 || p >= sj->n)
			continue;
		if (sj->s[p] == '/') {
			*end = p + 1;
			return true;
		}
		if (sj->s[p] == '-' && (r = words_at(sj, p + 1, 2)) != 0 &&
		    r < sj->n && sj->s[r] == '/') {
			*end = r + 1;
			return true;
		}
	}
	return false;
}

/* Does the pattern end in '$' (so an inner '\n' rules it out)? */
static bool
has_eos(const struct rurl_step *st)
{
	for (; st->op != OP_END; st++)
		if (st->op == OP_EOS || st->op == OP_ZONE)
			return true;
	return false;
}

/* Rule r against the path, with its optional locale prefix. */
static bool
rule_at(const struct rurl_rule *r, const struct subj *sj, struct caps *c)
{
	bool icase = (r->flags & RF_ICASE) != 0;
	size_t end;

	memset(c, 0, sizeof *c);
	if (sj->nl_inside && has_eos(r->pat))
		return false;
	if (!(r->flags & RF_LOCALE) || (r->flags & RF_LAZY)) {
		if (steps_at(r->pat, sj, 0, icase, c))
			return true;
		if (!(r->flags & RF_LOCALE))
			return false;
	}
	if (locale_end(sj, &end)) {
		c->len[0] = end;
		if (steps_at(r->pat, sj, end, icase, c))
			return true;
		c->len[0] = 0;
	}
	return !(r->flags & RF_LAZY) && steps_at(r->pat, sj, 0, icase, c);
}

/* A bounded output buffer. */
struct obuf {
	char *p;
	size_t n, cap;
	bool full;
};

static void
put(struct obuf *o, const void *s, size_t n)
{
	if (o->full || o->cap - o->n < n) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

/* The end of a tag, comment, declaration or processing instruction that
 * starts at s[i] == '<' (one past its '>'), or 0: the '<' is text. */
static size_t
tag_end(const char *s, size_t n, size_t i)
{
	const char *e;
	unsigned char c;
	size_t k;

	if (i + 1 >= n)
		return 0;
	c = (unsigned char)s[i + 1];
	if (n - i >= 4 && memcmp(s + i + 1, "!--", 3) == 0) {
		for (k = i + 4; k + 3 <= n; k++)
			if (memcmp(s + k, "-->", 3) == 0)
				return k + 3;
		return 0;
	}
	/* HTMLParser: a start or end tag starts with a letter; "<!" and
	 * "<?" are declarations and processing instructions. */
	if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '/' &&
	    c != '!' && c != '?')
		return 0;
	e = memchr(s + i + 1, '>', n - i - 1);
	return e != NULL ? (size_t)(e - s) + 1 : 0;
}

/* Django's strip_tags(): strip until nothing shrinks, while there is both
 * a '<' and a '>'.  Returns the new length. */
static size_t
strip_tags(char *s, size_t n)
{
	size_t i, w, e;

	while (memchr(s, '<', n) != NULL && memchr(s, '>', n) != NULL) {
		for (i = 0, w = 0; i < n;) {
			if (s[i] == '<' && (e = tag_end(s, n, i)) != 0) {
				i = e;
				continue;
			}
			s[w++] = s[i++];
		}
		if (w == n)
			break;
		n = w;
	}
	return n;
}

/* Bytes that iri_to_uri() leaves alone: urllib.quote's letters, digits
 * and "_.-", and the safe set "/#%[]=:;$&()+,!?*@'~". */
static bool
uri_safe(unsigned char c)
{
	switch (c) {
	case '_': case '.': case '-':
	case '/': case '#': case '%': case '[': case ']': case '=': case ':':
	case ';': case '$': case '&': case '(': case ')': case '+': case ',':
	case '!': case '?': case '*': case '@': case '\'': case '~':
		return true;
	default:
		return is_alnum_ascii(c);
	}
}

/* Percent-encode out[0..n) in place, as iri_to_uri(); false if the result
 * and a NUL do not fit in cap. */
static bool
encode(char *out, size_t n, size_t cap, size_t *lenp)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, w, extra = 0;
	unsigned char c;

	for (i = 0; i < n; i++)
		if (!uri_safe((unsigned char)out[i]))
			extra += 2;
	if (n + extra >= cap)
		return false;
	w = n + extra;
	out[w] = '\0';
	*lenp = w;
	for (i = n; i-- > 0;) {
		c = (unsigned char)out[i];
		if (uri_safe(c)) {
			out[--w] = (char)c;
			continue;
		}
		out[--w] = hex[c & 0xf];
		out[--w] = hex[c >> 4];
		out[--w] = '%';
	}
	return true;
}

/* The Location for rule r, matched with captures c, as utils.py's _view
 * builds it; false if it does not fit in cap. */
static bool
build(const struct rurl_rule *r, const struct subj *sj,
    const struct caps *c, const char *query, size_t qlen, char *out,
    size_t cap, size_t *lenp)
{
	struct obuf o = { out, 0, cap, false };
	const char *t = r->to;
	size_t k;

	if ((r->flags & RF_PREPEND) && c->len[0] > 0 && t[0] == '/') {
		put(&o, "/", 1);
		put(&o, sj->s + c->off[0], c->len[0]);
		t++;
	}
	for (; *t != '\0'; t++) {
		if (t[0] == '{' && t[1] >= '1' && t[1] <= '3' && t[2] == '}') {
			k = (size_t)(t[1] - '0');
			put(&o, sj->s + c->off[k], c->len[k]);
			t += 2;
		} else
			put(&o, t, 1);
	}
	if (o.full)
		return false;
	o.n = strip_tags(out, o.n);
	/* PROTOCOL_RELATIVE_RE: "//host" would leave the site. */
	for (k = 0; k < o.n && out[k] == '/'; k++)
		;
	if (k > 1) {
		memmove(out + 1, out + k, o.n - k);
		o.n -= k - 1;
	}
	if (qlen > 0) {
		put(&o, "?", 1);
		put(&o, query, qlen);
	}
	return !o.full && encode(out, o.n, cap, lenp);
}

/* Fold up to RURL_KEY_MAX bytes of the path from pos as the keys are
 * folded: ASCII lower case, and U+0130 and U+212A as 'i' and 'k' (they
 * match those letters in the case-insensitive rules). */
static size_t
key_fold(const struct subj *sj, size_t pos, unsigned char q[RURL_KEY_MAX])
{
	size_t m = 0, k;
	uint32_t c;

	while (pos < sj->n) {
		k = u8_get(sj->s, sj->n, pos, &c);
		c = fold(c);
		if (c < 0x80) {
			if (m == RURL_KEY_MAX)
				break;
			q[m++] = (unsigned char)c;
		} else {
			if (RURL_KEY_MAX - m < k)
				break;
			memcpy(q + m, sj->s + pos, k);
			m += k;
		}
		pos += k;
	}
	return m;
}

/* Compare key with q[0..m): a key that is a prefix of q counts as less
 * or equal. */
static int
key_cmp(const char *key, const unsigned char *q, size_t m)
{
	size_t i;

	for (i = 0; key[i] != '\0'; i++) {
		if (i == m)
			return 1;
		if ((unsigned char)key[i] != q[i])
			return (unsigned char)key[i] < q[i] ? -1 : 1;
	}
	return 0;
}

/* One past the last key in [0, hi) that sorts before or at q[0..m), or
 * 0 when there is none. */
static size_t
key_floor(size_t hi, const unsigned char *q, size_t m)
{
	size_t lo = 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (key_cmp(rurl_keys[mid].key, q, m) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Mark in set the rules with a key that is a prefix of the folded path
 * from pos (only those with a locale prefix if locale_only).  The keys
 * that are prefixes of q are nested, so each lookup either finds one and
 * goes on with the part of q before its end, or finds the nearest key
 * below q, which shares with q all that any shorter prefix key can.
 */
static void
index_mark(const struct subj *sj, size_t pos, bool locale_only,
    uint64_t *set)
{
	unsigned char q[RURL_KEY_MAX];
	size_t m = key_fold(sj, pos, q), hi = RURL_NKEYS, i, l;
	const char *key;

	while ((i = key_floor(hi, q, m)) > 0) {
		key = rurl_keys[i - 1].key;
		for (l = 0; l < m && key[l] != '\0' && (unsigned char)key[l] ==
		    q[l]; l++)
			;
		if (key[l] != '\0') {
			hi = i - 1;
			m = l;
			continue;
		}
		/* key is a prefix of q: mark it and its duplicates. */
		for (; i > 0 && strcmp(rurl_keys[i - 1].key, key) == 0; i--) {
			unsigned int r = rurl_keys[i - 1].rule;

			if (!locale_only || (rurl_rules[r].flags & RF_LOCALE))
				set[r / 64] |= (uint64_t)1 << (r % 64);
		}
		if (l == 0)
			return;
		hi = i;
		m = l - 1;
	}
}

/* Try rule i: 1 matched and the Location is in out, 0 no match, -1
 * matched but the Location does not fit. */
static int
try_rule(unsigned int i, const struct subj *sj, const char *query,
    size_t qlen, char *out, size_t cap, struct rurl_result *res)
{
	const struct rurl_rule *r = &rurl_rules[i];
	struct caps c;

	if (!rule_at(r, sj, &c))
		return 0;
	if (!build(r, sj, &c, query, qlen, out, cap, &res->loc_len))
		return -1;
	res->status = (r->flags & RF_302) ? 302 : 301;
	res->cache = (r->flags & RF_ZONE) ? RURL_CACHE_ZONE : RURL_CACHE_12H;
	res->rule = i;
	return 1;
}

static bool
subj_init(struct subj *sj, const char *path, size_t len)
{
	if (len == 0 || path[0] != '/')
		return false;
	sj->s = (const unsigned char *)path + 1;
	sj->n = len - 1;
	sj->nl_inside = sj->n > 1 && memchr(sj->s, '\n', sj->n - 1) != NULL;
	return true;
}

/* see rurl.h */
bool
rurl_match(const char *path, size_t len, const char *query, size_t qlen,
    char *out, size_t cap, struct rurl_result *res)
{
	uint64_t set[(RURL_NRULES + 63) / 64] = { 0 }, w;
	struct subj sj;
	size_t end, k;
	int rc;

	if (!subj_init(&sj, path, len))
		return false;
	index_mark(&sj, 0, false, set);
	if (locale_end(&sj, &end))
		index_mark(&sj, end, true, set);
	for (k = 0; k < sizeof set / sizeof set[0]; k++) {
		for (w = set[k]; w != 0; w &= w - 1) {
			rc = try_rule((unsigned int)(k * 64) +
			    (unsigned int)__builtin_ctzll(w), &sj, query, qlen,
			    out, cap, res);
			if (rc != 0)
				return rc > 0;
		}
	}
	return false;
}

/* see rurl.h */
bool
rurl_match_rule(unsigned int rule, const char *path, size_t len,
    const char *query, size_t qlen, char *out, size_t cap,
    struct rurl_result *res)
{
	struct subj sj;

	if (rule >= RURL_NRULES || !subj_init(&sj, path, len))
		return false;
	return try_rule(rule, &sj, query, qlen, out, cap, res) > 0;
}

/* see rurl.h */
unsigned int
rurl_count(void)
{
	return (unsigned int)RURL_NRULES;
}
