/*
 * test_rurl.c: Kuma's redirect table (app/rurl.c, include/rurl.h).
 *
 * The expected Locations come from the source, not from our table: the
 * hand cases from kuma-site-spec.md 3.6 and 4.2 and Kuma's
 * tests/headless/map_301.py, and the per-rule and variant vectors from
 * Kuma's own pattern strings (redirects.py, as django-redirect-urls 1.0
 * builds them) run through Python's re and the library's _view steps.
 * Each rule must answer its own vector and no earlier rule may match it;
 * every rule is the answer to exactly one.  The index is checked against
 * trying each rule alone (rurl_match_rule) on every input.
 *
 *   test_rurl [all|count|spec|per_rule|variants|strip|room]
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rurl.h"
#include "check.h"

/* An input, and the rule that answers it with Location loc (-1: none). */
struct vec {
	const char *path, *query;
	int rule;
	const char *loc;
};

/* An input, and the answer (status 0: none). */
struct answer {
	const char *path, *query;
	int status;
	enum rurl_cache cache;
	const char *loc;
};

static char out[4096];

static bool
match(const char *path, const char *query, struct rurl_result *res)
{
	memset(res, 0, sizeof *res);
	return rurl_match(path, strlen(path), query,
	    query != NULL ? strlen(query) : 0, out, sizeof out, res);
}

/* The first rule that matches when each is tried alone, or -1. */
static int
first_alone(const char *path, const char *query)
{
	static char o[4096];
	struct rurl_result r;
	unsigned int i;

	for (i = 0; i < rurl_count(); i++)
		if (rurl_match_rule(i, path, strlen(path), query,
		    query != NULL ? strlen(query) : 0, o, sizeof o, &r))
			return (int)i;
	return -1;
}

/* What Kuma's groups say a rule answers with (redirects.py). */
static int
group_status(unsigned int rule)
{
	if (rule < 131)		/* scl3: all 301 but three */
		return rule == 6 || rule == 129 || rule == 130 ? 302 : 301;
	return rule < 247 ? 302 : 301;	/* zones; Marionette, fellowship */
}

static void
test_count(void)
{
	CHECK(rurl_count() == 259, "259 patterns in REF");
}

static const struct answer spec_cases[] = {
	/* spec 3.6: the zones, with the spec's examples first */
	{ "/en-US/Firefox", NULL, 302, RURL_CACHE_ZONE,
	    "/en-US/docs/Mozilla/Firefox" },
	{ "/en-US/docs/Firefox/Privacy", NULL, 302, RURL_CACHE_ZONE,
	    "/en-US/docs/Mozilla/Firefox/Privacy" },
	{ "/en-US/Add-ons/WebExtensions", "raw&macros", 302, RURL_CACHE_ZONE,
	    "/en-US/docs/Mozilla/Add-ons/WebExtensions?raw&macros" },
	{ "/de/Apps$edit", NULL, 302, RURL_CACHE_ZONE, "/de/docs/Apps$edit" },
	{ "/Firefox", NULL, 302, RURL_CACHE_ZONE, "/docs/Mozilla/Firefox" },
	{ "/en-US/Firefox/", NULL, 302, RURL_CACHE_ZONE,
	    "/en-US/docs/Mozilla/Firefox" },
	{ "/docs/Add-ons", NULL, 302, RURL_CACHE_ZONE,
	    "/docs/Mozilla/Add-ons" },
	{ "/Learn/CSS", NULL, 302, RURL_CACHE_ZONE, "/docs/Learn/CSS" },
	{ "/fr/Apprendre", NULL, 302, RURL_CACHE_ZONE, "/fr/docs/Apprendre" },
	{ "/es/docs/Apps/Foo", NULL, 302, RURL_CACHE_ZONE,
	    "/es/docs/Web/Aplicaciones/Foo" },
	{ "/el/Add-ons", NULL, 302, RURL_CACHE_ZONE, "/el/docs/Mozilla/"
	    "%CE%A0%CF%81%CF%8C%CF%83%CE%B8%CE%B5%CF%84%CE%B1" },
	{ "/ko/Add-ons", NULL, 302, RURL_CACHE_ZONE,
	    "/ko/docs/Mozilla/%EC%95%A0%EB%93%9C%EC%98%A8%EB%93%A4" },
	{ "/tr/Add-ons", NULL, 302, RURL_CACHE_ZONE,
	    "/tr/docs/Mozilla/Eklentiler" },
	{ "/bn-BD/Firefox", NULL, 302, RURL_CACHE_ZONE, "/bn-BD/docs/Mozilla/"
	    "%E0%A6%AB%E0%A6%BE%E0%A6%AF%E0%A6%BC%E0%A6%BE%E0%A6%B0%E0%A6"
	    "%AB%E0%A6%95%E0%A7%8D%E0%A6%B8" },
	{ "/fa/Marketplace", NULL, 302, RURL_CACHE_ZONE,
	    "/fa/docs/Mozilla/%D8%A8%D8%A7%D8%B2%D8%A7%D8%B1" },
	/* spec 4.2 and tests/headless/map_301.py */
	{ "/media/css/foo-min.css", NULL, 301, RURL_CACHE_12H,
	    "/static/build/styles/foo.css" },
	{ "/media/redesign/js/bar-min.js", NULL, 301, RURL_CACHE_12H,
	    "/static/build/js/bar.js" },
	{ "/media/img/x.png", NULL, 301, RURL_CACHE_12H, "/static/img/x.png" },
	{ "/media/redesign/css/a.css", NULL, 301, RURL_CACHE_12H,
	    "/static/styles/a.css" },
	{ "/media/js/a.js", NULL, 301, RURL_CACHE_12H, "/static/js/a.js" },
	{ "/media/fonts/a.woff", NULL, 301, RURL_CACHE_12H,
	    "/static/fonts/a.woff" },
	{ "/media/uploads/demos/foobar123", NULL, 302, RURL_CACHE_12H,
	    "/docs/Web/Demos_of_open_web_technologies/" },
	{ "/docs/Mozilla/Projects/NSPR/Reference/I//O_Functions", NULL, 301,
	    RURL_CACHE_12H,
	    "/docs/Mozilla/Projects/NSPR/Reference/I_O_Functions" },
	{ "/docs/Mozilla/Projects/NSPR/Reference/I//O//Functions", NULL, 301,
	    RURL_CACHE_12H,
	    "/docs/Mozilla/Projects/NSPR/Reference/I_O_Functions" },
	{ "/samples/canvas-tutorial/2_1_canvas_rect.html", NULL, 301,
	    RURL_CACHE_12H, "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Rectangular_shape_example" },
	{ "/samples/canvas-tutorial/2_1_canvas_rect.html", "a=1", 301,
	    RURL_CACHE_12H, "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Rectangular_shape_example?a=1" },
	{ "/samples/canvas-tutorial/globalCompositeOperation.html", NULL, 301,
	    RURL_CACHE_12H, "/docs/Web/API/"
	    "CanvasRenderingContext2D.globalCompositeOperation" },
	{ "/samples/canvas-tutorial/images/backdrop.png", NULL, 301,
	    RURL_CACHE_12H,
	    "https://mdn.mozillademos.org/files/5395/backdrop.png" },
	{ "/samples/domref/mozGetAsFile.html", NULL, 301, RURL_CACHE_12H,
	    "/docs/Web/API/HTMLCanvasElement.mozGetAsFile" },
	{ "/samples/raycaster/RayCaster.html", NULL, 301, RURL_CACHE_12H,
	    "http://mdn.github.io/canvas-raycaster/index.html" },
	{ "/samples/webgl/sample2/glUtils.js", NULL, 301, RURL_CACHE_12H,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/Firefox_OS/Security", NULL, 301, RURL_CACHE_12H,
	    "/docs/Mozilla/Firefox_OS/Security" },
	{ "/en/mobile/", NULL, 301, RURL_CACHE_12H, "/en/docs/Mozilla/Mobile" },
	{ "/mobile", NULL, 301, RURL_CACHE_12H, "/docs/Mozilla/Mobile" },
	{ "/fr/addons/", NULL, 301, RURL_CACHE_12H, "/fr/Add-ons" },
	{ "/mozilla", NULL, 301, RURL_CACHE_12H, "/docs/Mozilla" },
	{ "/de/web/", NULL, 301, RURL_CACHE_12H, "/de/docs/Web" },
	{ "/learn/html5", NULL, 301, RURL_CACHE_12H,
	    "/docs/Web/Guide/HTML/HTML5" },
	{ "/En/JavaScript/Reference/Objects/Array", NULL, 301, RURL_CACHE_12H,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Array" },
	{ "/En/JavaScript/Reference/Objects", NULL, 301, RURL_CACHE_12H,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Object" },
	{ "/En/Core_JavaScript_1.5_Reference/Objects/String", NULL, 301,
	    RURL_CACHE_12H,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/String" },
	{ "/en/core_javascript_1.5_reference/Statements", NULL, 301,
	    RURL_CACHE_12H, "/en-US/docs/JavaScript/Reference/Statements" },
	{ "/en-US/html5", NULL, 301, RURL_CACHE_12H, "/en-US/docs/HTML/HTML5" },
	{ "/HTML5", NULL, 301, RURL_CACHE_12H, "/docs/HTML/HTML5" },
	{ "/web-tech/2008/09/12/css-transforms", NULL, 301, RURL_CACHE_12H,
	    "/docs/CSS/Using_CSS_transforms" },
	{ "/en-US/docs", NULL, 301, RURL_CACHE_12H, "/en-US/docs/Web" },
	{ "/docs/", NULL, 301, RURL_CACHE_12H, "/docs/Web" },
	{ "/en-US/devnews/index.php/feed", NULL, 301, RURL_CACHE_12H,
	    "https://blog.mozilla.org/feed/" },
	{ "/devnews/2010/foo", NULL, 301, RURL_CACHE_12H,
	    "https://wiki.mozilla.org/Releases" },
	{ "/learn/html", NULL, 301, RURL_CACHE_12H, "/Learn/HTML" },
	{ "/fr/learn/css", NULL, 301, RURL_CACHE_12H, "/fr/Learn/CSS" },
	{ "/learn/javascript/", NULL, 301, RURL_CACHE_12H,
	    "/Learn/JavaScript" },
	{ "/es/learnfoo", NULL, 301, RURL_CACHE_12H, "/es/Learn" },
	{ "/demos/detail/bananabread", NULL, 301, RURL_CACHE_12H,
	    "https://github.com/kripken/BananaBread/" },
	{ "/en-US/demos/detail/bananabread/launch", NULL, 301, RURL_CACHE_12H,
	    "https://kripken.github.io/BananaBread/cube2/index.html" },
	{ "/de/demos/foo", NULL, 301, RURL_CACHE_12H,
	    "/de/docs/Web/Demos_of_open_web_technologies" },
	{ "/contests", NULL, 302, RURL_CACHE_12H,
	    "http://www.mozillalabs.com/" },
	{ "/contests/extendfirefox", NULL, 302, RURL_CACHE_12H,
	    "http://www.mozillalabs.com/" },
	{ "/es4", NULL, 302, RURL_CACHE_12H,
	    "http://www.ecma-international.org/memento/TC39.htm" },
	{ "/es4/spec", "x", 302, RURL_CACHE_12H,
	    "http://www.ecma-international.org/memento/TC39.htm?x" },
	{ "/en-US/docs/Mozilla/QA/Marionette", NULL, 301, RURL_CACHE_12H,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/index.html" },
	{ "/docs/marionette/builds", NULL, 301, RURL_CACHE_12H,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Building.html" },
	{ "/ja/docs/Mozilla/QA/Marionette/Client", NULL, 301, RURL_CACHE_12H,
	    "https://marionette-client.readthedocs.io/en/latest/" },
	{ "/docs/Marionette/Running_Tests", NULL, 301, RURL_CACHE_12H,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html" },
	{ "/docs/Mozilla/QA/Marionette/WebDriver/status", "q=1", 301,
	    RURL_CACHE_12H,
	    "https://bugzilla.mozilla.org/showdependencytree.cgi?"
	    "id=721859&hide_resolved=1?q=1" },
	{ "/fr/fellowship", NULL, 301, RURL_CACHE_12H,
	    "/fr/docs/Archive/2015_MDN_Fellowship_Program" },
	{ "/fellowship/apply", NULL, 301, RURL_CACHE_12H,
	    "/docs/Archive/2015_MDN_Fellowship_Program" },
	/* re_flags='i' */
	{ "/SAMPLES/CANVAS-TUTORIAL/2_2_CANVAS_MOVETO.HTML", NULL, 301,
	    RURL_CACHE_12H, "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Moving_the_pen" },
	{ "/firefox_os/security", NULL, 301, RURL_CACHE_12H,
	    "/docs/Mozilla/Firefox_OS/Security" },
	{ "/EN-US/DOCS", NULL, 301, RURL_CACHE_12H, "/EN-US/docs/Web" },
	/* LEGACY_URLS (spec 4.2) and other paths that no rule takes */
	{ "/index.php", NULL, 0, 0, NULL },
	{ "/index.php", "title=Special:Recentchanges", 0, 0, NULL },
	{ "/patches", NULL, 0, 0, NULL },
	{ "/patches/foo", NULL, 0, 0, NULL },
	{ "/web-tech", NULL, 0, 0, NULL },
	{ "/web-tech/feed/atom/", NULL, 0, 0, NULL },
	{ "/css/wiki.css", NULL, 0, 0, NULL },
	{ "/css/base.css", NULL, 0, 0, NULL },
	{ "/en-US/docs/Web/HTML", NULL, 0, 0, NULL },
	{ "/en-US/FirefoxOS", NULL, 0, 0, NULL },
	{ "/EN-US/Firefox", NULL, 0, 0, NULL },
	{ "/en-US/firefox", NULL, 0, 0, NULL },
	{ "/Mobile", NULL, 0, 0, NULL },
	{ "/a/mobile", NULL, 0, 0, NULL },
	{ "/abcd/mobile", NULL, 0, 0, NULL },
	{ "/ab-c/mobile", NULL, 0, 0, NULL },
	{ "/media/CSS/x", NULL, 0, 0, NULL },
	{ "/En/Core_JavaScript_1x5_Reference/x", NULL, 0, 0, NULL },
	{ "/samples/webgl/sample1/", NULL, 0, 0, NULL },
	/* a zone whose root is its slug takes no "docs/": no loop */
	{ "/de/docs/Apps", NULL, 0, 0, NULL },
	{ "/docs/Learn", NULL, 0, 0, NULL },
	{ "/fr/docs/Apprendre/x", NULL, 0, 0, NULL },
	{ "/", NULL, 0, 0, NULL },
	{ "/en-US/", NULL, 0, 0, NULL },
	{ "/de/Apps/", NULL, 302, RURL_CACHE_ZONE, "/de/docs/Apps" },
	/* Python 2 re: "$" before a final newline, ".", IGNORECASE on code
	 * points (U+212A, U+0130), \w on code points in the locale */
	{ "/samples/webgl/sample1\n", NULL, 301, RURL_CACHE_12H,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1" },
	{ "/media/cssa\n", NULL, 301, RURL_CACHE_12H, "/static/stylesa" },
	{ "/media/cssa\nb", NULL, 0, 0, NULL },
	{ "/learn\nx", NULL, 301, RURL_CACHE_12H, "/Learn" },
	{ "/samples/canvas-tutorial/2_1_canvas_rect_html", NULL, 301,
	    RURL_CACHE_12H, "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Rectangular_shape_example" },
	{ "/samples/canvas-tutorial/images/bac\xe2\x84\xaa" "drop.png", NULL,
	    301, RURL_CACHE_12H,
	    "https://mdn.mozillademos.org/files/5395/backdrop.png" },
	{ "/F\xc4\xb0REFOX_OS/SECURITY", NULL, 301, RURL_CACHE_12H,
	    "/docs/Mozilla/Firefox_OS/Security" },
	{ "/\xc3\xa9\xc3\xa9/mobile", NULL, 301, RURL_CACHE_12H,
	    "/%C3%A9%C3%A9/docs/Mozilla/Mobile" },
	{ "/e_/mobile", NULL, 301, RURL_CACHE_12H, "/e_/docs/Mozilla/Mobile" },
	{ "/ab-cd/mobile", NULL, 301, RURL_CACHE_12H,
	    "/ab-cd/docs/Mozilla/Mobile" },
	{ "/\xc3\x97\xc3\x97/mobile", NULL, 0, 0, NULL },
	/* "//": the "//" rules, and PROTOCOL_RELATIVE_RE */
	{ "///foo", NULL, 301, RURL_CACHE_12H, "/_foo" },
	{ "////x", NULL, 301, RURL_CACHE_12H, "/_x" },
	{ "/a//b//c//d", NULL, 301, RURL_CACHE_12H, "/a//b_c_d" },
	/* iri_to_uri() of the captures and of the query */
	{ "/media/css/\xc3\xa9 x-min.css", NULL, 301, RURL_CACHE_12H,
	    "/static/build/styles/%C3%A9%20x.css" },
	{ "/media/css\"x", "a b\"c%41<", 301, RURL_CACHE_12H,
	    "/static/styles%22x?a%20b%22c%41%3C" },
	{ "/media/css", "", 301, RURL_CACHE_12H, "/static/styles" },
};

/* One input per rule, in table order, each answered by its own rule. */
static const struct vec per_rule[] = {
	{ "/media/redesign/css/x-min.css", "x=%C3%A9", 0,
	    "/static/build/styles/x.css?x=%C3%A9" },
	{ "/media/redesign/js/x-min.js", NULL, 1, "/static/build/js/x.js" },
	{ "/media/redesign/imgx", NULL, 2, "/static/imgx" },
	{ "/media/redesign/cssx", "q=a b", 3, "/static/stylesx?q=a%20b" },
	{ "/media/redesign/jsx", NULL, 4, "/static/jsx" },
	{ "/media/redesign/fontsx", NULL, 5, "/static/fontsx" },
	{ "/media/uploads/demos/x", "a=1&b=2", 6,
	    "/docs/Web/Demos_of_open_web_technologies/?a=1&b=2" },
	{ "/x//x//x", "raw&macros", 7, "/x_x_x?raw&macros" },
	{ "/x//x", NULL, 8, "/x_x" },
	{ "/samples/canvas-tutorial/2_1_canvas_rect.html", NULL, 9,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Rectangular_shape_example" },
	{ "/samples/canvas-tutorial/2_2_canvas_moveto.html", "a=1&b=2", 10,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Moving_the_pen?a=1&b=2" },
	{ "/samples/canvas-tutorial/2_3_canvas_lineto.html", NULL, 11,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#Lines" },
	{ "/samples/canvas-tutorial/2_4_canvas_arc.html", "a=1&b=2", 12,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#Arcs?"
	    "a=1&b=2" },
	{ "/samples/canvas-tutorial/2_5_canvas_quadraticcurveto.html", NULL, 13,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Quadratic_Bezier_curves" },
	{ "/samples/canvas-tutorial/2_6_canvas_beziercurveto.html", NULL, 14,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Cubic_Bezier_curves" },
	{ "/samples/canvas-tutorial/3_1_canvas_drawimage.html", NULL, 15,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Drawing_images" },
	{ "/samples/canvas-tutorial/3_2_canvas_drawimage.html", NULL, 16,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Example.3A_Tiling_an_image" },
	{ "/samples/canvas-tutorial/3_3_canvas_drawimage.html", NULL, 17,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Example.3A_Framing_an_image" },
	{ "/samples/canvas-tutorial/3_4_canvas_gallery.html", NULL, 18,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Art_gallery_example" },
	{ "/samples/canvas-tutorial/4_1_canvas_fillstyle.html", NULL, 19,
	    "/docs/Web/API/CanvasRenderingContext2D.fillStyle" },
	{ "/samples/canvas-tutorial/4_2_canvas_strokestyle.html", NULL, 20,
	    "/docs/Web/API/CanvasRenderingContext2D.strokeStyle" },
	{ "/samples/canvas-tutorial/4_3_canvas_globalalpha.html", "raw&macros",
	    21, "/docs/Web/API/CanvasRenderingContext2D.globalAlpha?"
	    "raw&macros" },
	{ "/samples/canvas-tutorial/4_4_canvas_rgba.html", "q=a b", 22,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#An_example_using_rgba()?q=a%20b" },
	{ "/samples/canvas-tutorial/4_5_canvas_linewidth.html", NULL, 23,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_lineWidth_example" },
	{ "/samples/canvas-tutorial/4_6_canvas_linecap.html", NULL, 24,
	    "/docs/Web/API/CanvasRenderingContext2D.lineCap" },
	{ "/samples/canvas-tutorial/4_7_canvas_linejoin.html", "q=a b", 25,
	    "/docs/Web/API/CanvasRenderingContext2D.lineJoin?q=a%20b" },
	{ "/samples/canvas-tutorial/4_8_canvas_miterlimit.html", NULL, 26,
	    "/docs/Web/API/CanvasRenderingContext2D.miterLimit" },
	{ "/samples/canvas-tutorial/4_9_canvas_lineargradient.html", "a=1&b=2",
	    27, "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_createLinearGradient_example?"
	    "a=1&b=2" },
	{ "/samples/canvas-tutorial/4_10_canvas_radialgradient.html",
	    "raw&macros", 28, "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_createRadialGradient_example?"
	    "raw&macros" },
	{ "/samples/canvas-tutorial/4_11_canvas_createpattern.html", "q=a b",
	    29,
	    "/docs/Web/API/CanvasRenderingContext2D.createPattern?q=a%20b" },
	{ "/samples/canvas-tutorial/5_1_canvas_savestate.html", "raw&macros",
	    30, "/docs/Web/API/Canvas_API/Tutorial/Transformations#"
	    "A_save_and_restore_canvas_state_example?raw&macros" },
	{ "/samples/canvas-tutorial/5_2_canvas_translate.html", NULL, 31,
	    "/docs/Web/API/CanvasRenderingContext2D.translate" },
	{ "/samples/canvas-tutorial/5_3_canvas_rotate.html", NULL, 32,
	    "/docs/Web/API/CanvasRenderingContext2D.rotate" },
	{ "/samples/canvas-tutorial/5_4_canvas_scale.html", "raw&macros", 33,
	    "/docs/Web/API/CanvasRenderingContext2D.scale?raw&macros" },
	{ "/samples/canvas-tutorial/6_1_canvas_composite.html", "q=a b", 34,
	    "/docs/Web/API/"
	    "CanvasRenderingContext2D.globalCompositeOperation?q=a%20b" },
	{ "/samples/canvas-tutorial/6_2_canvas_clipping.html", NULL, 35,
	    "/docs/Web/API/Canvas_API/Tutorial/Compositing#Clipping_paths" },
	{ "/samples/canvas-tutorial/globalCompositeOperation.html", "x=%C3%A9",
	    36, "/docs/Web/API/"
	    "CanvasRenderingContext2D.globalCompositeOperation?x=%C3%A9" },
	{ "/samples/canvas-tutorial/images/backdrop.png", "q=a b", 37,
	    "https://mdn.mozillademos.org/files/5395/backdrop.png?q=a%20b" },
	{ "/samples/canvas-tutorial/images/bg_gallery.png", NULL, 38,
	    "https://mdn.mozillademos.org/files/5415/bg_gallery.png" },
	{ "/samples/canvas-tutorial/images/gallery_1.jpg", "raw&macros", 39,
	    "https://mdn.mozillademos.org/files/5399/gallery_1.jpg?"
	    "raw&macros" },
	{ "/samples/canvas-tutorial/images/gallery_2.jpg", NULL, 40,
	    "https://mdn.mozillademos.org/files/5401/gallery_2.jpg" },
	{ "/samples/canvas-tutorial/images/gallery_3.jpg", NULL, 41,
	    "https://mdn.mozillademos.org/files/5403/gallery_3.jpg" },
	{ "/samples/canvas-tutorial/images/gallery_4.jpg", NULL, 42,
	    "https://mdn.mozillademos.org/files/5405/gallery_4.jpg" },
	{ "/samples/canvas-tutorial/images/gallery_5.jpg", NULL, 43,
	    "https://mdn.mozillademos.org/files/5407/gallery_5.jpg" },
	{ "/samples/canvas-tutorial/images/gallery_6.jpg", "q=a b", 44,
	    "https://mdn.mozillademos.org/files/5409/gallery_6.jpg?"
	    "q=a%20b" },
	{ "/samples/canvas-tutorial/images/gallery_7.jpg", "x=%C3%A9", 45,
	    "https://mdn.mozillademos.org/files/5411/gallery_7.jpg?"
	    "x=%C3%A9" },
	{ "/samples/canvas-tutorial/images/gallery_8.jpg", NULL, 46,
	    "https://mdn.mozillademos.org/files/5413/gallery_8.jpg" },
	{ "/samples/canvas-tutorial/images/picture_frame.png", NULL, 47,
	    "https://mdn.mozillademos.org/files/242/"
	    "Canvas_picture_frame.png" },
	{ "/samples/canvas-tutorial/images/rhino.jpg", NULL, 48,
	    "https://mdn.mozillademos.org/files/5397/rhino.jpg" },
	{ "/samples/canvas-tutorial/images/wallpaper.png", NULL, 49,
	    "https://mdn.mozillademos.org/files/222/"
	    "Canvas_createpattern.png" },
	{ "/samples/domref/mozGetAsFile.html", "q=a b", 50,
	    "/docs/Web/API/HTMLCanvasElement.mozGetAsFile?q=a%20b" },
	{ "/samples/raycaster/input.js", "x=%C3%A9", 51,
	    "http://mdn.github.io/canvas-raycaster/input.js?x=%C3%A9" },
	{ "/samples/raycaster/Level.js", "a=1&b=2", 52,
	    "http://mdn.github.io/canvas-raycaster/Level.js?a=1&b=2" },
	{ "/samples/raycaster/Player.js", NULL, 53,
	    "http://mdn.github.io/canvas-raycaster/Player.js" },
	{ "/samples/raycaster/RayCaster.html", "x=%C3%A9", 54,
	    "http://mdn.github.io/canvas-raycaster/index.html?x=%C3%A9" },
	{ "/samples/raycaster/RayCaster.js", NULL, 55,
	    "http://mdn.github.io/canvas-raycaster/RayCaster.js" },
	{ "/samples/raycaster/trace.css", "q=a b", 56,
	    "http://mdn.github.io/canvas-raycaster/trace.css?q=a%20b" },
	{ "/samples/raycaster/trace.js", NULL, 57,
	    "http://mdn.github.io/canvas-raycaster/trace.js" },
	{ "/samples/webgl/sample1", NULL, 58,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1" },
	{ "/samples/webgl/sample1/index.html", "raw&macros", 59,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "index.html?raw&macros" },
	{ "/samples/webgl/sample1/webgl-demo.js", "raw&macros", 60,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "webgl-demo.js?raw&macros" },
	{ "/samples/webgl/sample1/webgl.css", "x=%C3%A9", 61,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample2", "a=1&b=2", 62,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2?a=1&b=2" },
	{ "/samples/webgl/sample2/glUtils.js", NULL, 63,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/samples/webgl/sample2/index.html", "x=%C3%A9", 64,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2/"
	    "index.html?x=%C3%A9" },
	{ "/samples/webgl/sample2/sylvester.js", "q=a b", 65,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "q=a%20b" },
	{ "/samples/webgl/sample2/webgl-demo.js", NULL, 66,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2/"
	    "webgl-demo.js" },
	{ "/samples/webgl/sample2/webgl.css", "raw&macros", 67,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "raw&macros" },
	{ "/samples/webgl/sample3", NULL, 68,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3" },
	{ "/samples/webgl/sample3/glUtils.js", NULL, 69,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/samples/webgl/sample3/index.html", "q=a b", 70,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3/"
	    "index.html?q=a%20b" },
	{ "/samples/webgl/sample3/sylvester.js", NULL, 71,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/samples/webgl/sample3/webgl-demo.js", "a=1&b=2", 72,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3/"
	    "webgl-demo.js?a=1&b=2" },
	{ "/samples/webgl/sample3/webgl.css", NULL, 73,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/samples/webgl/sample4", NULL, 74,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4" },
	{ "/samples/webgl/sample4/glUtils.js", NULL, 75,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/samples/webgl/sample4/index.html", "a=1&b=2", 76,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4/"
	    "index.html?a=1&b=2" },
	{ "/samples/webgl/sample4/sylvester.js", NULL, 77,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/samples/webgl/sample4/webgl-demo.js", NULL, 78,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4/"
	    "webgl-demo.js" },
	{ "/samples/webgl/sample4/webgl.css", "x=%C3%A9", 79,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample5", "a=1&b=2", 80,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5?a=1&b=2" },
	{ "/samples/webgl/sample5/glUtils.js", "x=%C3%A9", 81,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample5/index.html", NULL, 82,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5/"
	    "index.html" },
	{ "/samples/webgl/sample5/sylvester.js", "q=a b", 83,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "q=a%20b" },
	{ "/samples/webgl/sample5/webgl-demo.js", "raw&macros", 84,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5/"
	    "webgl-demo.js?raw&macros" },
	{ "/samples/webgl/sample5/webgl.css", "x=%C3%A9", 85,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample6", "q=a b", 86,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6?q=a%20b" },
	{ "/samples/webgl/sample6/cubetexture.png", NULL, 87,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "cubetexture.png" },
	{ "/samples/webgl/sample6/glUtils.js", "x=%C3%A9", 88,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample6/index.html", "a=1&b=2", 89,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "index.html?a=1&b=2" },
	{ "/samples/webgl/sample6/sylvester.js", "raw&macros", 90,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/samples/webgl/sample6/webgl-demo.js", "a=1&b=2", 91,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "webgl-demo.js?a=1&b=2" },
	{ "/samples/webgl/sample6/webgl.css", "a=1&b=2", 92,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "a=1&b=2" },
	{ "/samples/webgl/sample7", NULL, 93,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7" },
	{ "/samples/webgl/sample7/cubetexture.png", NULL, 94,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "cubetexture.png" },
	{ "/samples/webgl/sample7/glUtils.js", "x=%C3%A9", 95,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "x=%C3%A9" },
	{ "/samples/webgl/sample7/index.html", NULL, 96,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "index.html" },
	{ "/samples/webgl/sample7/sylvester.js", "q=a b", 97,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "q=a%20b" },
	{ "/samples/webgl/sample7/webgl-demo.js", "raw&macros", 98,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "webgl-demo.js?raw&macros" },
	{ "/samples/webgl/sample7/webgl.css", "q=a b", 99,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "q=a%20b" },
	{ "/samples/webgl/sample8", NULL, 100,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8" },
	{ "/samples/webgl/sample8/Firefox.ogv", "raw&macros", 101,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "Firefox.ogv?raw&macros" },
	{ "/samples/webgl/sample8/glUtils.js", "raw&macros", 102,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "raw&macros" },
	{ "/samples/webgl/sample8/index.html", "a=1&b=2", 103,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "index.html?a=1&b=2" },
	{ "/samples/webgl/sample8/sylvester.js", "raw&macros", 104,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/samples/webgl/sample8/webgl-demo.js", NULL, 105,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "webgl-demo.js" },
	{ "/samples/webgl/sample8/webgl.css", "a=1&b=2", 106,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "a=1&b=2" },
	{ "/Firefox_OS/Security", NULL, 107,
	    "/docs/Mozilla/Firefox_OS/Security" },
	{ "/mobile/", "q=a b", 108, "/docs/Mozilla/Mobile?q=a%20b" },
	{ "/addons/", NULL, 109, "/Add-ons" },
	{ "/mozilla/", NULL, 110, "/docs/Mozilla" },
	{ "/web/", NULL, 111, "/docs/Web" },
	{ "/learn/html5/", NULL, 112, "/docs/Web/Guide/HTML/HTML5" },
	{ "/En/JavaScript/Reference/Objects/Array", "raw&macros", 113,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Array?"
	    "raw&macros" },
	{ "/En/JavaScript/Reference/Objects", NULL, 114,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Object" },
	{ "/En/Core_JavaScript_1.5_Reference/Objects/x", NULL, 115,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/x" },
	{ "/En/Core_JavaScript_1.5_Reference/x", NULL, 116,
	    "/en-US/docs/JavaScript/Reference/x" },
	{ "/HTML5", NULL, 117, "/docs/HTML/HTML5" },
	{ "/web-tech/2008/09/12/css-transforms", "q=a b", 118,
	    "/docs/CSS/Using_CSS_transforms?q=a%20b" },
	{ "/docs/", "raw&macros", 119, "/docs/Web?raw&macros" },
	{ "/devnews/index.php/feed", "q=a b", 120,
	    "https://blog.mozilla.org/feed/?q=a%20b" },
	{ "/devnews", "a=1&b=2", 121,
	    "https://wiki.mozilla.org/Releases?a=1&b=2" },
	{ "/learn/html", NULL, 122, "/Learn/HTML" },
	{ "/learn/css", "x=%C3%A9", 123, "/Learn/CSS?x=%C3%A9" },
	{ "/learn/javascript", NULL, 124, "/Learn/JavaScript" },
	{ "/learn", "x=%C3%A9", 125, "/Learn?x=%C3%A9" },
	{ "/demos/detail/bananabread", "q=a b", 126,
	    "https://github.com/kripken/BananaBread/?q=a%20b" },
	{ "/demos/detail/bananabread/launch", "a=1&b=2", 127,
	    "https://kripken.github.io/BananaBread/cube2/index.html?"
	    "a=1&b=2" },
	{ "/demos", "a=1&b=2", 128,
	    "/docs/Web/Demos_of_open_web_technologies?a=1&b=2" },
	{ "/contests", "x=%C3%A9", 129,
	    "http://www.mozillalabs.com/?x=%C3%A9" },
	{ "/es4", NULL, 130,
	    "http://www.ecma-international.org/memento/TC39.htm" },
	{ "/af/docs/Add-ons/Sub", "x=%C3%A9", 131,
	    "/af/docs/Mozilla/Add-ons/Sub?x=%C3%A9" },
	{ "/ar/docs/Add-ons/Sub", "q=a b", 132,
	    "/ar/docs/Mozilla/Add-ons/Sub?q=a%20b" },
	{ "/bn-BD/docs/Add-ons/Sub", "x=%C3%A9", 133,
	    "/bn-BD/docs/Mozilla/Add-ons/Sub?x=%C3%A9" },
	{ "/bn-IN/docs/Add-ons/Sub", "x=%C3%A9", 134,
	    "/bn-IN/docs/Mozilla/Add-ons/Sub?x=%C3%A9" },
	{ "/ca/docs/Add-ons/Sub", "raw&macros", 135,
	    "/ca/docs/Mozilla/Add-ons/Sub?raw&macros" },
	{ "/cs/docs/Add-ons/Sub", NULL, 136, "/cs/docs/Mozilla/Add-ons/Sub" },
	{ "/de/docs/Add-ons/Sub", NULL, 137, "/de/docs/Mozilla/Add-ons/Sub" },
	{ "/en-US/docs/Add-ons/Sub", "raw&macros", 138,
	    "/en-US/docs/Mozilla/Add-ons/Sub?raw&macros" },
	{ "/es/docs/Add-ons/Sub", "a=1&b=2", 139,
	    "/es/docs/Mozilla/Add-ons/Sub?a=1&b=2" },
	{ "/fa/docs/Add-ons/Sub", NULL, 140, "/fa/docs/Mozilla/Add-ons/Sub" },
	{ "/fr/docs/Add-ons/Sub", "q=a b", 141,
	    "/fr/docs/Mozilla/Add-ons/Sub?q=a%20b" },
	{ "/hu/docs/Add-ons/Sub", "q=a b", 142,
	    "/hu/docs/Mozilla/Add-ons/Sub?q=a%20b" },
	{ "/id/docs/Add-ons/Sub", "a=1&b=2", 143,
	    "/id/docs/Mozilla/Add-ons/Sub?a=1&b=2" },
	{ "/it/docs/Add-ons/Sub", NULL, 144, "/it/docs/Mozilla/Add-ons/Sub" },
	{ "/ja/docs/Add-ons/Sub", NULL, 145, "/ja/docs/Mozilla/Add-ons/Sub" },
	{ "/ms/docs/Add-ons/Sub", "raw&macros", 146,
	    "/ms/docs/Mozilla/Add-ons/Sub?raw&macros" },
	{ "/nl/docs/Add-ons/Sub", "a=1&b=2", 147,
	    "/nl/docs/Mozilla/Add-ons/Sub?a=1&b=2" },
	{ "/pl/docs/Add-ons/Sub", "x=%C3%A9", 148,
	    "/pl/docs/Mozilla/Add-ons/Sub?x=%C3%A9" },
	{ "/pt-BR/docs/Add-ons/Sub", NULL, 149,
	    "/pt-BR/docs/Mozilla/Add-ons/Sub" },
	{ "/pt-PT/docs/Add-ons/Sub", NULL, 150,
	    "/pt-PT/docs/Mozilla/Add-ons/Sub" },
	{ "/ro/docs/Add-ons/Sub", NULL, 151, "/ro/docs/Mozilla/Add-ons/Sub" },
	{ "/ru/docs/Add-ons/Sub", "x=%C3%A9", 152,
	    "/ru/docs/Mozilla/Add-ons/Sub?x=%C3%A9" },
	{ "/sv-SE/docs/Add-ons/Sub", NULL, 153,
	    "/sv-SE/docs/Mozilla/Add-ons/Sub" },
	{ "/th/docs/Add-ons/Sub", NULL, 154, "/th/docs/Mozilla/Add-ons/Sub" },
	{ "/uk/docs/Add-ons/Sub", "a=1&b=2", 155,
	    "/uk/docs/Mozilla/Add-ons/Sub?a=1&b=2" },
	{ "/vi/docs/Add-ons/Sub", "q=a b", 156,
	    "/vi/docs/Mozilla/Add-ons/Sub?q=a%20b" },
	{ "/zh-CN/docs/Add-ons/Sub", "a=1&b=2", 157,
	    "/zh-CN/docs/Mozilla/Add-ons/Sub?a=1&b=2" },
	{ "/zh-TW/docs/Add-ons/Sub", NULL, 158,
	    "/zh-TW/docs/Mozilla/Add-ons/Sub" },
	{ "/docs/Add-ons/Sub", "q=a b", 159,
	    "/docs/Mozilla/Add-ons/Sub?q=a%20b" },
	{ "/el/docs/Add-ons/Sub", "a=1&b=2", 160, "/el/docs/Mozilla/"
	    "%CE%A0%CF%81%CF%8C%CF%83%CE%B8%CE%B5%CF%84%CE%B1/Sub?a=1&b=2" },
	{ "/ko/docs/Add-ons/Sub", NULL, 161,
	    "/ko/docs/Mozilla/%EC%95%A0%EB%93%9C%EC%98%A8%EB%93%A4/Sub" },
	{ "/tr/docs/Add-ons/Sub", "raw&macros", 162,
	    "/tr/docs/Mozilla/Eklentiler/Sub?raw&macros" },
	{ "/af/docs/Firefox/Sub", "raw&macros", 163,
	    "/af/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/ar/docs/Firefox/Sub", "raw&macros", 164,
	    "/ar/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/az/docs/Firefox/Sub", "a=1&b=2", 165,
	    "/az/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/bm/docs/Firefox/Sub", NULL, 166, "/bm/docs/Mozilla/Firefox/Sub" },
	{ "/bn-IN/docs/Firefox/Sub", NULL, 167,
	    "/bn-IN/docs/Mozilla/Firefox/Sub" },
	{ "/ca/docs/Firefox/Sub", "a=1&b=2", 168,
	    "/ca/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/cs/docs/Firefox/Sub", NULL, 169, "/cs/docs/Mozilla/Firefox/Sub" },
	{ "/de/docs/Firefox/Sub", NULL, 170, "/de/docs/Mozilla/Firefox/Sub" },
	{ "/ee/docs/Firefox/Sub", "x=%C3%A9", 171,
	    "/ee/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/el/docs/Firefox/Sub", "x=%C3%A9", 172,
	    "/el/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/en-US/docs/Firefox/Sub", NULL, 173,
	    "/en-US/docs/Mozilla/Firefox/Sub" },
	{ "/es/docs/Firefox/Sub", "q=a b", 174,
	    "/es/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/ff/docs/Firefox/Sub", "a=1&b=2", 175,
	    "/ff/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/fi/docs/Firefox/Sub", NULL, 176, "/fi/docs/Mozilla/Firefox/Sub" },
	{ "/fr/docs/Firefox/Sub", NULL, 177, "/fr/docs/Mozilla/Firefox/Sub" },
	{ "/fy-NL/docs/Firefox/Sub", NULL, 178,
	    "/fy-NL/docs/Mozilla/Firefox/Sub" },
	{ "/ga-IE/docs/Firefox/Sub", NULL, 179,
	    "/ga-IE/docs/Mozilla/Firefox/Sub" },
	{ "/ha/docs/Firefox/Sub", NULL, 180, "/ha/docs/Mozilla/Firefox/Sub" },
	{ "/he/docs/Firefox/Sub", "raw&macros", 181,
	    "/he/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/hi-IN/docs/Firefox/Sub", "a=1&b=2", 182,
	    "/hi-IN/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/hr/docs/Firefox/Sub", "q=a b", 183,
	    "/hr/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/hu/docs/Firefox/Sub", NULL, 184, "/hu/docs/Mozilla/Firefox/Sub" },
	{ "/id/docs/Firefox/Sub", NULL, 185, "/id/docs/Mozilla/Firefox/Sub" },
	{ "/ig/docs/Firefox/Sub", "a=1&b=2", 186,
	    "/ig/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/it/docs/Firefox/Sub", "raw&macros", 187,
	    "/it/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/ja/docs/Firefox/Sub", NULL, 188, "/ja/docs/Mozilla/Firefox/Sub" },
	{ "/ka/docs/Firefox/Sub", NULL, 189, "/ka/docs/Mozilla/Firefox/Sub" },
	{ "/ko/docs/Firefox/Sub", "x=%C3%A9", 190,
	    "/ko/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/ln/docs/Firefox/Sub", "x=%C3%A9", 191,
	    "/ln/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/ml/docs/Firefox/Sub", NULL, 192, "/ml/docs/Mozilla/Firefox/Sub" },
	{ "/ms/docs/Firefox/Sub", "q=a b", 193,
	    "/ms/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/my/docs/Firefox/Sub", NULL, 194, "/my/docs/Mozilla/Firefox/Sub" },
	{ "/nl/docs/Firefox/Sub", "raw&macros", 195,
	    "/nl/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/pl/docs/Firefox/Sub", "q=a b", 196,
	    "/pl/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/pt-BR/docs/Firefox/Sub", "a=1&b=2", 197,
	    "/pt-BR/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/pt-PT/docs/Firefox/Sub", "a=1&b=2", 198,
	    "/pt-PT/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/ro/docs/Firefox/Sub", NULL, 199, "/ro/docs/Mozilla/Firefox/Sub" },
	{ "/ru/docs/Firefox/Sub", "raw&macros", 200,
	    "/ru/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/son/docs/Firefox/Sub", "q=a b", 201,
	    "/son/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/sq/docs/Firefox/Sub", NULL, 202, "/sq/docs/Mozilla/Firefox/Sub" },
	{ "/sv-SE/docs/Firefox/Sub", NULL, 203,
	    "/sv-SE/docs/Mozilla/Firefox/Sub" },
	{ "/sw/docs/Firefox/Sub", "raw&macros", 204,
	    "/sw/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/ta/docs/Firefox/Sub", "x=%C3%A9", 205,
	    "/ta/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/th/docs/Firefox/Sub", "a=1&b=2", 206,
	    "/th/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/tl/docs/Firefox/Sub", "raw&macros", 207,
	    "/tl/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/tr/docs/Firefox/Sub", "raw&macros", 208,
	    "/tr/docs/Mozilla/Firefox/Sub?raw&macros" },
	{ "/vi/docs/Firefox/Sub", NULL, 209, "/vi/docs/Mozilla/Firefox/Sub" },
	{ "/wo/docs/Firefox/Sub", "x=%C3%A9", 210,
	    "/wo/docs/Mozilla/Firefox/Sub?x=%C3%A9" },
	{ "/xh/docs/Firefox/Sub", NULL, 211, "/xh/docs/Mozilla/Firefox/Sub" },
	{ "/yo/docs/Firefox/Sub", NULL, 212, "/yo/docs/Mozilla/Firefox/Sub" },
	{ "/zh-CN/docs/Firefox/Sub", "q=a b", 213,
	    "/zh-CN/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/zh-TW/docs/Firefox/Sub", "q=a b", 214,
	    "/zh-TW/docs/Mozilla/Firefox/Sub?q=a%20b" },
	{ "/zu/docs/Firefox/Sub", "a=1&b=2", 215,
	    "/zu/docs/Mozilla/Firefox/Sub?a=1&b=2" },
	{ "/docs/Firefox/Sub", NULL, 216, "/docs/Mozilla/Firefox/Sub" },
	{ "/bn-BD/docs/Firefox/Sub", "raw&macros", 217, "/bn-BD/docs/Mozilla/"
	    "%E0%A6%AB%E0%A6%BE%E0%A6%AF%E0%A6%BC%E0%A6%BE%E0%A6%B0%E0%A6"
	    "%AB%E0%A6%95%E0%A7%8D%E0%A6%B8/Sub?raw&macros" },
	{ "/en-US/docs/Apps/Sub", "raw&macros", 218,
	    "/en-US/docs/Web/Apps/Sub?raw&macros" },
	{ "/fa/docs/Apps/Sub", "q=a b", 219, "/fa/docs/Web/Apps/Sub?q=a%20b" },
	{ "/fr/docs/Apps/Sub", NULL, 220, "/fr/docs/Web/Apps/Sub" },
	{ "/ja/docs/Apps/Sub", NULL, 221, "/ja/docs/Web/Apps/Sub" },
	{ "/ta/docs/Apps/Sub", NULL, 222, "/ta/docs/Web/Apps/Sub" },
	{ "/th/docs/Apps/Sub", NULL, 223, "/th/docs/Web/Apps/Sub" },
	{ "/zh-CN/docs/Apps/Sub", "a=1&b=2", 224,
	    "/zh-CN/docs/Web/Apps/Sub?a=1&b=2" },
	{ "/zh-TW/docs/Apps/Sub", NULL, 225, "/zh-TW/docs/Web/Apps/Sub" },
	{ "/docs/Apps/Sub", "q=a b", 226, "/docs/Web/Apps/Sub?q=a%20b" },
	{ "/es/docs/Apps/Sub", "a=1&b=2", 227,
	    "/es/docs/Web/Aplicaciones/Sub?a=1&b=2" },
	{ "/bn-BD/Apps/Sub", "raw&macros", 228,
	    "/bn-BD/docs/Apps/Sub?raw&macros" },
	{ "/de/Apps/Sub", NULL, 229, "/de/docs/Apps/Sub" },
	{ "/it/Apps/Sub", NULL, 230, "/it/docs/Apps/Sub" },
	{ "/ko/Apps/Sub", "x=%C3%A9", 231, "/ko/docs/Apps/Sub?x=%C3%A9" },
	{ "/pt-BR/Apps/Sub", "raw&macros", 232,
	    "/pt-BR/docs/Apps/Sub?raw&macros" },
	{ "/ru/Apps/Sub", "q=a b", 233, "/ru/docs/Apps/Sub?q=a%20b" },
	{ "/ca/Learn/Sub", "raw&macros", 234, "/ca/docs/Learn/Sub?raw&macros" },
	{ "/de/Learn/Sub", NULL, 235, "/de/docs/Learn/Sub" },
	{ "/Learn/Sub", "x=%C3%A9", 236, "/docs/Learn/Sub?x=%C3%A9" },
	{ "/fr/Apprendre/Sub", NULL, 237, "/fr/docs/Apprendre/Sub" },
	{ "/de/docs/Marketplace/Sub", "q=a b", 238,
	    "/de/docs/Mozilla/Marketplace/Sub?q=a%20b" },
	{ "/en-US/docs/Marketplace/Sub", NULL, 239,
	    "/en-US/docs/Mozilla/Marketplace/Sub" },
	{ "/es/docs/Marketplace/Sub", NULL, 240,
	    "/es/docs/Mozilla/Marketplace/Sub" },
	{ "/fr/docs/Marketplace/Sub", NULL, 241,
	    "/fr/docs/Mozilla/Marketplace/Sub" },
	{ "/it/docs/Marketplace/Sub", NULL, 242,
	    "/it/docs/Mozilla/Marketplace/Sub" },
	{ "/ja/docs/Marketplace/Sub", "a=1&b=2", 243,
	    "/ja/docs/Mozilla/Marketplace/Sub?a=1&b=2" },
	{ "/zh-CN/docs/Marketplace/Sub", NULL, 244,
	    "/zh-CN/docs/Mozilla/Marketplace/Sub" },
	{ "/docs/Marketplace/Sub", "q=a b", 245,
	    "/docs/Mozilla/Marketplace/Sub?q=a%20b" },
	{ "/fa/docs/Marketplace/Sub", NULL, 246,
	    "/fa/docs/Mozilla/%D8%A8%D8%A7%D8%B2%D8%A7%D8%B1/Sub" },
	{ "/docs/Mozilla/QA/Marionette", NULL, 247,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/index.html" },
	{ "/docs/Mozilla/QA/Marionette/Builds", "x=%C3%A9", 248,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Building.html?x=%C3%A9" },
	{ "/docs/Mozilla/QA/Marionette/Client", "x=%C3%A9", 249,
	    "https://marionette-client.readthedocs.io/en/latest/?x=%C3%A9" },
	{ "/docs/Mozilla/QA/Marionette/Python_Client", NULL, 250,
	    "https://marionette-client.readthedocs.io/en/latest/" },
	{ "/docs/Mozilla/QA/Marionette/Developer_setup", "q=a b", 251,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Contributing.html?q=a%20b" },
	{ "/docs/Marionette_Test_Runner", "raw&macros", 252,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html?raw&macros" },
	{ "/docs/Mozilla/QA/Marionette/Marionette_Test_Runner", NULL, 253,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html" },
	{ "/docs/Mozilla/QA/Marionette/MarionetteTestCase", NULL, 254,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html" },
	{ "/docs/Mozilla/QA/Marionette/Protocol", NULL, 255,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Protocol.html" },
	{ "/docs/Mozilla/QA/Marionette/WebDriver/status", "q=a b", 256,
	    "https://bugzilla.mozilla.org/showdependencytree.cgi?"
	    "id=721859&hide_resolved=1?q=a%20b" },
	{ "/docs/Marionette/Debugging", NULL, 257,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Debugging.html" },
	{ "/fellowship", NULL, 258,
	    "/docs/Archive/2015_MDN_Fellowship_Program" },
};

/* Other spellings of each rule's input, and near misses (rule -1). */
static const struct vec variants[] = {
	{ "/media/css/-min.css", "raw&macros", 0,
	    "/static/build/styles/.css?raw&macros" },
	{ "/media/js/-min.js", "q=a b", 1, "/static/build/js/.js?q=a%20b" },
	{ "/media/img", "a=1&b=2", 2, "/static/img?a=1&b=2" },
	{ "/media/css", NULL, 3, "/static/styles" },
	{ "/media/js", NULL, 4, "/static/js" },
	{ "/media/fonts", "raw&macros", 5, "/static/fonts?raw&macros" },
	{ "/media/uploads/demos/", "q=a b", 6,
	    "/docs/Web/Demos_of_open_web_technologies/?q=a%20b" },
	{ "/////a/b", NULL, 7, "/__a/b" },
	{ "///", "raw&macros", 8, "/_?raw&macros" },
	{ "/SAmPLeS/CAnvas-tUToRiAl/2_1_CaNVAs_recT_htMl", NULL, 9,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Rectangular_shape_example" },
	{ "/SaMPles/cAnVaS-TUToRIaL/2_2_CanvAs_mOvETO.HtMl", "q=a b", 10,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Moving_the_pen?q=a%20b" },
	{ "/SAMPLEs/CAnVas-tuTorIaL/2_3_CaNvAs_LInetO.hTmL", NULL, 11,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#Lines" },
	{ "/SAMPles/CAnVaS-tuTOrIAL/2_4_CanVas_aRc\xc3\xa9HTmL", "x=%C3%A9", 12,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#Arcs?"
	    "x=%C3%A9" },
	{ "/SAMPLeS/caNVAS-TUtORiAl/2_5_canvAs_QUAdRATicCurveTO_HTml", NULL, 13,
	    "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Quadratic_Bezier_curves" },
	{ "/SAMPLES/caNVAS-TutOrial/" "2_6_CANVaS_bEZiERCurvEto\xc3\xa9HTmL",
	    "a=1&b=2", 14, "/docs/Web/API/Canvas_API/Tutorial/Drawing_shapes#"
	    "Cubic_Bezier_curves?a=1&b=2" },
	{ "/SAMplEs/cAnvAs-TUtoRIal/3_1_cAnVaS_DraWImAge.htML", "raw&macros",
	    15, "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Drawing_images?raw&macros" },
	{ "/SAmPLEs/CaNvaS-TutorIAl/3_2_caNVAs_DrawImage.HtML", "x=%C3%A9", 16,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Example.3A_Tiling_an_image?x=%C3%A9" },
	{ "/SAmPLeS/cANvAS-TuTorial/3_3_CANVAs_dRAwimAGE\xc3\x89HtMl", NULL, 17,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Example.3A_Framing_an_image" },
	{ "/SAMpLeS/cAnvaS-tuTorIal/3_4_cANVas_GAllerY.HtML", "raw&macros", 18,
	    "/docs/Web/API/Canvas_API/Tutorial/Using_images#"
	    "Art_gallery_example?raw&macros" },
	{ "/SamPLEs/CaNvAs-tUToriAl/4_1_CanVas_filLStYle.Html", NULL, 19,
	    "/docs/Web/API/CanvasRenderingContext2D.fillStyle" },
	{ "/SAMPLEs/CAnVaS-TutoriAL/4_2_cAnVAS_StrOkEStYle.htMl", NULL, 20,
	    "/docs/Web/API/CanvasRenderingContext2D.strokeStyle" },
	{ "/SAmPLeS/CANvas-tUtoRiAl/4_3_canvAS_GLobALalphA\xc3\xa9hTml",
	    "q=a b", 21,
	    "/docs/Web/API/CanvasRenderingContext2D.globalAlpha?q=a%20b" },
	{ "/SAMplEs/caNVAS-TuTOriaL/4_4_caNvAs_rGbA.hTML", NULL, 22,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#An_example_using_rgba()" },
	{ "/SAMPlES/CaNVaS-TUtORIaL/4_5_caNvas_LinewiDtH.hTml", "a=1&b=2", 23,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_lineWidth_example?a=1&b=2" },
	{ "/SAMPLES/CaNVAS-TuToRial/4_6_CANvAS_LineCaP.htML", "q=a b", 24,
	    "/docs/Web/API/CanvasRenderingContext2D.lineCap?q=a%20b" },
	{ "/SAMPLES/CaNVAs-tUtoriAl/4_7_canvaS_linEjoin.htmL", "x=%C3%A9", 25,
	    "/docs/Web/API/CanvasRenderingContext2D.lineJoin?x=%C3%A9" },
	{ "/SAMPLes/canVAS-TUtoRIaL/4_8_cAnvAS_miTErLiMit.HTml", NULL, 26,
	    "/docs/Web/API/CanvasRenderingContext2D.miterLimit" },
	{ "/SAMPlES/CaNVAS-tutOrIAL/4_9_caNvAS_LinEarGrADienT.hTmL", NULL, 27,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_createLinearGradient_example" },
	{ "/SaMplEs/CANVas-tUToRIaL/4_10_cAnvaS_RaDIALGRadieNT.HTML", "q=a b",
	    28, "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_createRadialGradient_example?"
	    "q=a%20b" },
	{ "/SAmPlEs/canVAS-TutorIAL/4_11_cANvas_CreAtepatTeRn.hTml", "x=%C3%A9",
	    29, "/docs/Web/API/CanvasRenderingContext2D.createPattern?"
	    "x=%C3%A9" },
	{ "/SAMpLES/CAnVAS-TuToRIal/5_1_CANvaS_SavEStATE.htML", "a=1&b=2", 30,
	    "/docs/Web/API/Canvas_API/Tutorial/Transformations#"
	    "A_save_and_restore_canvas_state_example?a=1&b=2" },
	{ "/SAMPles/cANvaS-TuTOrIaL/5_2_CanvAS_tRaNSlATE.hTML", "x=%C3%A9", 31,
	    "/docs/Web/API/CanvasRenderingContext2D.translate?x=%C3%A9" },
	{ "/SaMPles/cANVAs-TUTOriAL/5_3_CANVas_rOtAtE_HTmL", NULL, 32,
	    "/docs/Web/API/CanvasRenderingContext2D.rotate" },
	{ "/SAMPLEs/canVAS-tUTORiAL/5_4_cANvAs_scalE.htML", "a=1&b=2", 33,
	    "/docs/Web/API/CanvasRenderingContext2D.scale?a=1&b=2" },
	{ "/SAMPLEs/CAnvAS-tUToRiAL/6_1_canvas_ComPoSItE.hTMl", "q=a b", 34,
	    "/docs/Web/API/"
	    "CanvasRenderingContext2D.globalCompositeOperation?q=a%20b" },
	{ "/SAMPLES/CanVaS-TUTORiaL/6_2_canVAS_CliPpiNg.hTml", "a=1&b=2", 35,
	    "/docs/Web/API/Canvas_API/Tutorial/Compositing#"
	    "Clipping_paths?a=1&b=2" },
	{ "/SAMplEs/CanVaS-TUtOrIAL/GlObAlComPoSItEoPErATion_HTmL", NULL, 36,
	    "/docs/Web/API/"
	    "CanvasRenderingContext2D.globalCompositeOperation" },
	{ "/SAMpLEs/cAnVAS-TUtoRiaL/iMagEs/bACkDRoP.PNg", "raw&macros", 37,
	    "https://mdn.mozillademos.org/files/5395/backdrop.png?"
	    "raw&macros" },
	{ "/SAMPleS/CAnVas-TuToRial/imAges/bg_gaLleRY_pNG", "x=%C3%A9", 38,
	    "https://mdn.mozillademos.org/files/5415/bg_gallery.png?"
	    "x=%C3%A9" },
	{ "/SAMpLes/CANVaS-TUToRIAL/imAGeS/GALLerY_1_jPG", "raw&macros", 39,
	    "https://mdn.mozillademos.org/files/5399/gallery_1.jpg?"
	    "raw&macros" },
	{ "/SAmPLES/caNVAs-tuTOrial/ImageS/galLery_2.jpg", NULL, 40,
	    "https://mdn.mozillademos.org/files/5401/gallery_2.jpg" },
	{ "/SAMpLeS/CaNVaS-tUToRIaL/ImAgeS/GaLLErY_3.jpg", NULL, 41,
	    "https://mdn.mozillademos.org/files/5403/gallery_3.jpg" },
	{ "/SAMPlEs/CANvAs-TuTorIAl/imAGes/gaLleRy_4.JPG", "q=a b", 42,
	    "https://mdn.mozillademos.org/files/5405/gallery_4.jpg?"
	    "q=a%20b" },
	{ "/SAMpLEs/CaNVas-tUtORiAL/IMAgES/gALlEry_5.JPG", "a=1&b=2", 43,
	    "https://mdn.mozillademos.org/files/5407/gallery_5.jpg?"
	    "a=1&b=2" },
	{ "/SAMPLes/caNvAs-TuToRIaL/imagEs/GALlERY_6.jpG", NULL, 44,
	    "https://mdn.mozillademos.org/files/5409/gallery_6.jpg" },
	{ "/SAMPLEs/CANvaS-tutorIal/imAgES/gALLERY_7.JPG", NULL, 45,
	    "https://mdn.mozillademos.org/files/5411/gallery_7.jpg" },
	{ "/SAmPLEs/CaNVAs-tuTORiaL/ImageS/GaLleRY_8\xc3\x89Jpg", NULL, 46,
	    "https://mdn.mozillademos.org/files/5413/gallery_8.jpg" },
	{ "/SAMpLEs/cAnvaS-tuToriaL/ImAgES/pICtuRe_fRaMe.Png", NULL, 47,
	    "https://mdn.mozillademos.org/files/242/"
	    "Canvas_picture_frame.png" },
	{ "/SAMPles/caNvAS-TuTOrIaL/IMAGES/RhinO.Jpg", "raw&macros", 48,
	    "https://mdn.mozillademos.org/files/5397/rhino.jpg?raw&macros" },
	{ "/SAMples/CanVAs-TUTORiaL/imAgES/WALlPAPer.png", NULL, 49,
	    "https://mdn.mozillademos.org/files/222/"
	    "Canvas_createpattern.png" },
	{ "/SAMPles/DomReF/mozGeTASFiLE.hTmL", NULL, 50,
	    "/docs/Web/API/HTMLCanvasElement.mozGetAsFile" },
	{ "/SaMPles/RAycasTER/input.JS", NULL, 51,
	    "http://mdn.github.io/canvas-raycaster/input.js" },
	{ "/SAMPLeS/rAycAStEr/LeVel.Js", "a=1&b=2", 52,
	    "http://mdn.github.io/canvas-raycaster/Level.js?a=1&b=2" },
	{ "/SAMpLES/RAyCAster/PlaYeR\xc3\x89js", "a=1&b=2", 53,
	    "http://mdn.github.io/canvas-raycaster/Player.js?a=1&b=2" },
	{ "/SAMpLES/raycAstER/rAyCaSTER.hTmL", NULL, 54,
	    "http://mdn.github.io/canvas-raycaster/index.html" },
	{ "/SAMPlES/RAyCaSter/raYcAStER\xc3\x89jS", "x=%C3%A9", 55,
	    "http://mdn.github.io/canvas-raycaster/RayCaster.js?x=%C3%A9" },
	{ "/SAmPLEs/RaycaSTEr/TRaCe.CSs", "x=%C3%A9", 56,
	    "http://mdn.github.io/canvas-raycaster/trace.css?x=%C3%A9" },
	{ "/SAmplEs/RayCAStEr/tRAcE.Js", NULL, 57,
	    "http://mdn.github.io/canvas-raycaster/trace.js" },
	{ "/SAMPLES/WeBGl/SAMpLE1", NULL, 58,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1" },
	{ "/SAMPLEs/weBGL/sAmple1/iNdEx.HtMl", "x=%C3%A9", 59,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "index.html?x=%C3%A9" },
	{ "/SAMPLeS/WEBGL/SAMpLe1/WEbGL-dEmo.jS", "q=a b", 60,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "webgl-demo.js?q=a%20b" },
	{ "/SAmPles/wEBgL/samPlE1/wEBgL.Css", NULL, 61,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/SAMPLES/webgl/samPle2", "x=%C3%A9", 62,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2?"
	    "x=%C3%A9" },
	{ "/SaMpLES/WEbGL/SAmplE2/GLUtiLs.js", NULL, 63,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/SAMPles/WebgL/sAmplE2/indEx.HTml", "q=a b", 64,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2/"
	    "index.html?q=a%20b" },
	{ "/SAmPLes/weBgL/sAmplE2/sylVesTeR_JS", NULL, 65,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/SAMplEs/weBgL/SAMPLe2/WEbgl-DEmo.jS", NULL, 66,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2/"
	    "webgl-demo.js" },
	{ "/SAMPLeS/webGl/sAMpLe2/wEBGl.csS", "raw&macros", 67,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "raw&macros" },
	{ "/SAmpLEs/wEBGl/SamplE3", NULL, 68,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3" },
	{ "/SAMPles/WEbGL/saMpLE3/gLuTiLs.js", NULL, 69,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/SAMpLEs/webgL/SamplE3/INDEx.HTMl", "x=%C3%A9", 70,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3/"
	    "index.html?x=%C3%A9" },
	{ "/SAMPLES/wEbGL/SAmplE3/sylVEsTeR.JS", "raw&macros", 71,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/SAMPLEs/WebGL/saMPle3/WEBGL-dEMO.JS", NULL, 72,
	    "http://mdn.github.io/webgl-examples/tutorial/sample3/"
	    "webgl-demo.js" },
	{ "/SAMpleS/WeBgL/sAmple3/wEBGl.cSs", NULL, 73,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/SAMPlEs/WeBgl/sAMPLe4", NULL, 74,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4" },
	{ "/SAMPlES/webGL/SampLE4/gLutILS.Js", "raw&macros", 75,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "raw&macros" },
	{ "/SAMpLeS/WebGL/SaMPLE4/iNDEx.HTMl", NULL, 76,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4/"
	    "index.html" },
	{ "/SAMPLes/WEBGl/SAMple4/SyLVESTEr.jS", "raw&macros", 77,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/SAMPLeS/WeBGL/saMPlE4/webGL-DemO_JS", "q=a b", 78,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4/"
	    "webgl-demo.js?q=a%20b" },
	{ "/SAMPLes/WEBgl/SAMPlE4/wEBGL.csS", "x=%C3%A9", 79,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "x=%C3%A9" },
	{ "/SAMPLEs/wEbgl/samPlE5", "raw&macros", 80,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5?"
	    "raw&macros" },
	{ "/SAMPLEs/WebGl/sampLE5/GlutiLS.js", "x=%C3%A9", 81,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js?"
	    "x=%C3%A9" },
	{ "/SAMPlEs/webgl/SamPle5/IndEx.hTML", "a=1&b=2", 82,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5/"
	    "index.html?a=1&b=2" },
	{ "/SAmpLeS/WebGl/sAmPlE5/sYLvestEr.js", NULL, 83,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/SAMpLEs/wEBGL/sAmPlE5/WebGL-deMO.jS", "raw&macros", 84,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5/"
	    "webgl-demo.js?raw&macros" },
	{ "/SAMpLEs/wEBGL/sAmPle5/wEbGL.CSs", NULL, 85,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/SAMpLes/WEBgL/SAmPle6", NULL, 86,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6" },
	{ "/SAMPles/WebGL/SaMpLE6/CubETexTURE.pNg", NULL, 87,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "cubetexture.png" },
	{ "/SaMPLES/wEbgL/sampLe6/gLutIls_jS", NULL, 88,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/SAMPLeS/weBgL/samPLe6/InDex.HTMl", NULL, 89,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "index.html" },
	{ "/SAMpleS/wEbGL/SAMple6/sYlvESteR.JS", "raw&macros", 90,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/SAmpleS/wEBgl/samplE6/WEbgl-DEmO.Js", NULL, 91,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "webgl-demo.js" },
	{ "/SAMPLes/webgL/SampLE6/WebGL.csS", "raw&macros", 92,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "raw&macros" },
	{ "/SAMpleS/WeBGL/SaMple7", NULL, 93,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7" },
	{ "/SAMPlEs/wEbgL/sAMpLe7/CUbeTEXTURE.png", "raw&macros", 94,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "cubetexture.png?raw&macros" },
	{ "/SAMpLEs/wEbgL/sAMple7/GLUTils.Js", NULL, 95,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/SAMpLeS/WEBgl/sAMPLe7/indeX.html", "x=%C3%A9", 96,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "index.html?x=%C3%A9" },
	{ "/SAMpLES/wEBGL/sampLe7/syLveSTer.Js", "raw&macros", 97,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/SAMpLeS/WEBGl/samPlE7/webGl-Demo.Js", NULL, 98,
	    "http://mdn.github.io/webgl-examples/tutorial/sample7/"
	    "webgl-demo.js" },
	{ "/SAmples/wEbGL/SAMple7/Webgl.CSS", "x=%C3%A9", 99,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "x=%C3%A9" },
	{ "/SAMpLES/WEBgl/SaMplE8", NULL, 100,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8" },
	{ "/SAMpleS/wEbGl/SaMpLe8/FIRefOx.OGv", NULL, 101,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "Firefox.ogv" },
	{ "/SAMpLES/WEBGL/SAmPLe8/gLUtIls.jS", NULL, 102,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/SAMPLeS/webGL/SaMpLe8/index.hTml", NULL, 103,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "index.html" },
	{ "/SAmPLes/wEbgL/samPLe8/sylVesteR.JS", "raw&macros", 104,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js?"
	    "raw&macros" },
	{ "/SAmPlEs/wEBgL/SAmple8/webGL-DeMo.Js", NULL, 105,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "webgl-demo.js" },
	{ "/SAMpLEs/weBGL/sAMPLe8/wEBGL.cSs", "raw&macros", 106,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css?"
	    "raw&macros" },
	{ "/FIRefOX_oS/SECurITY", "a=1&b=2", 107,
	    "/docs/Mozilla/Firefox_OS/Security?a=1&b=2" },
	{ "/mobile", NULL, 108, "/docs/Mozilla/Mobile" },
	{ "/addons", NULL, 109, "/Add-ons" },
	{ "/mozilla", "x=%C3%A9", 110, "/docs/Mozilla?x=%C3%A9" },
	{ "/web", NULL, 111, "/docs/Web" },
	{ "/learn/html5", NULL, 112, "/docs/Web/Guide/HTML/HTML5" },
	{ "/EN/JaVASCriPt/RefereNcE/objecTs/ARrAY", NULL, 113,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Array" },
	{ "/EN/JAvAsCRipt/Reference/OBJECtS", NULL, 114,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/Object" },
	{ "/En/Core_JavaScript_1.5_Reference/Objects/", "a=1&b=2", 115,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/?a=1&b=2" },
	{ "/En/Core_JavaScript_1.5_Reference/", NULL, 116,
	    "/en-US/docs/JavaScript/Reference/" },
	{ "/HTMl5", "raw&macros", 117, "/docs/HTML/HTML5?raw&macros" },
	{ "/dOCs", NULL, 119, "/docs/Web" },
	{ "/devnews/index\xc3\xa9php/feed", NULL, 120,
	    "https://blog.mozilla.org/feed/" },
	{ "/devnewsZ", NULL, 121, "https://wiki.mozilla.org/Releases" },
	{ "/learn/htmlZ", NULL, 122, "/Learn/HTML" },
	{ "/learn/cssZ", NULL, 123, "/Learn/CSS" },
	{ "/learn/javascriptZ", NULL, 124, "/Learn/JavaScript" },
	{ "/learnZ", "raw&macros", 125, "/Learn?raw&macros" },
	{ "/de/demos/detail/bananabread", NULL, 126,
	    "https://github.com/kripken/BananaBread/" },
	{ "/de/demos/detail/bananabread/launch", "q=a b", 127,
	    "https://kripken.github.io/BananaBread/cube2/index.html?"
	    "q=a%20b" },
	{ "/demosZ", "a=1&b=2", 128,
	    "/docs/Web/Demos_of_open_web_technologies?a=1&b=2" },
	{ "/contestsZ", "a=1&b=2", 129, "http://www.mozillalabs.com/?a=1&b=2" },
	{ "/es4Z", "raw&macros", 130,
	    "http://www.ecma-international.org/memento/TC39.htm?"
	    "raw&macros" },
	{ "/af/Add-ons", "raw&macros", 131,
	    "/af/docs/Mozilla/Add-ons?raw&macros" },
	{ "/ar/Add-ons", "x=%C3%A9", 132, "/ar/docs/Mozilla/Add-ons?x=%C3%A9" },
	{ "/bn-BD/Add-ons", NULL, 133, "/bn-BD/docs/Mozilla/Add-ons" },
	{ "/bn-IN/Add-ons", NULL, 134, "/bn-IN/docs/Mozilla/Add-ons" },
	{ "/ca/Add-ons", "a=1&b=2", 135, "/ca/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/cs/Add-ons", "a=1&b=2", 136, "/cs/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/de/Add-ons", "q=a b", 137, "/de/docs/Mozilla/Add-ons?q=a%20b" },
	{ "/en-US/Add-ons", "q=a b", 138,
	    "/en-US/docs/Mozilla/Add-ons?q=a%20b" },
	{ "/es/Add-ons", NULL, 139, "/es/docs/Mozilla/Add-ons" },
	{ "/fa/Add-ons", "a=1&b=2", 140, "/fa/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/fr/Add-ons", NULL, 141, "/fr/docs/Mozilla/Add-ons" },
	{ "/hu/Add-ons", NULL, 142, "/hu/docs/Mozilla/Add-ons" },
	{ "/id/Add-ons", "q=a b", 143, "/id/docs/Mozilla/Add-ons?q=a%20b" },
	{ "/it/Add-ons", NULL, 144, "/it/docs/Mozilla/Add-ons" },
	{ "/ja/Add-ons", NULL, 145, "/ja/docs/Mozilla/Add-ons" },
	{ "/ms/Add-ons", NULL, 146, "/ms/docs/Mozilla/Add-ons" },
	{ "/nl/Add-ons", "q=a b", 147, "/nl/docs/Mozilla/Add-ons?q=a%20b" },
	{ "/pl/Add-ons", NULL, 148, "/pl/docs/Mozilla/Add-ons" },
	{ "/pt-BR/Add-ons", NULL, 149, "/pt-BR/docs/Mozilla/Add-ons" },
	{ "/pt-PT/Add-ons", NULL, 150, "/pt-PT/docs/Mozilla/Add-ons" },
	{ "/ro/Add-ons", "q=a b", 151, "/ro/docs/Mozilla/Add-ons?q=a%20b" },
	{ "/ru/Add-ons", "a=1&b=2", 152, "/ru/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/sv-SE/Add-ons", NULL, 153, "/sv-SE/docs/Mozilla/Add-ons" },
	{ "/th/Add-ons", "a=1&b=2", 154, "/th/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/uk/Add-ons", "raw&macros", 155,
	    "/uk/docs/Mozilla/Add-ons?raw&macros" },
	{ "/vi/Add-ons", "a=1&b=2", 156, "/vi/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/zh-CN/Add-ons", NULL, 157, "/zh-CN/docs/Mozilla/Add-ons" },
	{ "/zh-TW/Add-ons", "a=1&b=2", 158,
	    "/zh-TW/docs/Mozilla/Add-ons?a=1&b=2" },
	{ "/Add-ons", "raw&macros", 159, "/docs/Mozilla/Add-ons?raw&macros" },
	{ "/el/Add-ons", "raw&macros", 160, "/el/docs/Mozilla/"
	    "%CE%A0%CF%81%CF%8C%CF%83%CE%B8%CE%B5%CF%84%CE%B1?raw&macros" },
	{ "/ko/Add-ons", NULL, 161,
	    "/ko/docs/Mozilla/%EC%95%A0%EB%93%9C%EC%98%A8%EB%93%A4" },
	{ "/tr/Add-ons", "x=%C3%A9", 162,
	    "/tr/docs/Mozilla/Eklentiler?x=%C3%A9" },
	{ "/af/Firefox", NULL, 163, "/af/docs/Mozilla/Firefox" },
	{ "/ar/Firefox", NULL, 164, "/ar/docs/Mozilla/Firefox" },
	{ "/az/Firefox", "q=a b", 165, "/az/docs/Mozilla/Firefox?q=a%20b" },
	{ "/bm/Firefox", "raw&macros", 166,
	    "/bm/docs/Mozilla/Firefox?raw&macros" },
	{ "/bn-IN/Firefox", "a=1&b=2", 167,
	    "/bn-IN/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/ca/Firefox", "a=1&b=2", 168, "/ca/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/cs/Firefox", NULL, 169, "/cs/docs/Mozilla/Firefox" },
	{ "/de/Firefox", "q=a b", 170, "/de/docs/Mozilla/Firefox?q=a%20b" },
	{ "/ee/Firefox", "raw&macros", 171,
	    "/ee/docs/Mozilla/Firefox?raw&macros" },
	{ "/el/Firefox", NULL, 172, "/el/docs/Mozilla/Firefox" },
	{ "/en-US/Firefox", NULL, 173, "/en-US/docs/Mozilla/Firefox" },
	{ "/es/Firefox", "x=%C3%A9", 174, "/es/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/ff/Firefox", "x=%C3%A9", 175, "/ff/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/fi/Firefox", NULL, 176, "/fi/docs/Mozilla/Firefox" },
	{ "/fr/Firefox", NULL, 177, "/fr/docs/Mozilla/Firefox" },
	{ "/fy-NL/Firefox", NULL, 178, "/fy-NL/docs/Mozilla/Firefox" },
	{ "/ga-IE/Firefox", "a=1&b=2", 179,
	    "/ga-IE/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/ha/Firefox", "q=a b", 180, "/ha/docs/Mozilla/Firefox?q=a%20b" },
	{ "/he/Firefox", "x=%C3%A9", 181, "/he/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/hi-IN/Firefox", "x=%C3%A9", 182,
	    "/hi-IN/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/hr/Firefox", NULL, 183, "/hr/docs/Mozilla/Firefox" },
	{ "/hu/Firefox", "a=1&b=2", 184, "/hu/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/id/Firefox", "a=1&b=2", 185, "/id/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/ig/Firefox", "a=1&b=2", 186, "/ig/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/it/Firefox", "q=a b", 187, "/it/docs/Mozilla/Firefox?q=a%20b" },
	{ "/ja/Firefox", "a=1&b=2", 188, "/ja/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/ka/Firefox", NULL, 189, "/ka/docs/Mozilla/Firefox" },
	{ "/ko/Firefox", NULL, 190, "/ko/docs/Mozilla/Firefox" },
	{ "/ln/Firefox", NULL, 191, "/ln/docs/Mozilla/Firefox" },
	{ "/ml/Firefox", NULL, 192, "/ml/docs/Mozilla/Firefox" },
	{ "/ms/Firefox", "x=%C3%A9", 193, "/ms/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/my/Firefox", "raw&macros", 194,
	    "/my/docs/Mozilla/Firefox?raw&macros" },
	{ "/nl/Firefox", "a=1&b=2", 195, "/nl/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/pl/Firefox", NULL, 196, "/pl/docs/Mozilla/Firefox" },
	{ "/pt-BR/Firefox", NULL, 197, "/pt-BR/docs/Mozilla/Firefox" },
	{ "/pt-PT/Firefox", NULL, 198, "/pt-PT/docs/Mozilla/Firefox" },
	{ "/ro/Firefox", "q=a b", 199, "/ro/docs/Mozilla/Firefox?q=a%20b" },
	{ "/ru/Firefox", "x=%C3%A9", 200, "/ru/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/son/Firefox", NULL, 201, "/son/docs/Mozilla/Firefox" },
	{ "/sq/Firefox", "q=a b", 202, "/sq/docs/Mozilla/Firefox?q=a%20b" },
	{ "/sv-SE/Firefox", "x=%C3%A9", 203,
	    "/sv-SE/docs/Mozilla/Firefox?x=%C3%A9" },
	{ "/sw/Firefox", "q=a b", 204, "/sw/docs/Mozilla/Firefox?q=a%20b" },
	{ "/ta/Firefox", "a=1&b=2", 205, "/ta/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/th/Firefox", NULL, 206, "/th/docs/Mozilla/Firefox" },
	{ "/tl/Firefox", "q=a b", 207, "/tl/docs/Mozilla/Firefox?q=a%20b" },
	{ "/tr/Firefox", NULL, 208, "/tr/docs/Mozilla/Firefox" },
	{ "/vi/Firefox", "a=1&b=2", 209, "/vi/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/wo/Firefox", NULL, 210, "/wo/docs/Mozilla/Firefox" },
	{ "/xh/Firefox", "raw&macros", 211,
	    "/xh/docs/Mozilla/Firefox?raw&macros" },
	{ "/yo/Firefox", NULL, 212, "/yo/docs/Mozilla/Firefox" },
	{ "/zh-CN/Firefox", "a=1&b=2", 213,
	    "/zh-CN/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/zh-TW/Firefox", "a=1&b=2", 214,
	    "/zh-TW/docs/Mozilla/Firefox?a=1&b=2" },
	{ "/zu/Firefox", NULL, 215, "/zu/docs/Mozilla/Firefox" },
	{ "/Firefox", NULL, 216, "/docs/Mozilla/Firefox" },
	{ "/bn-BD/Firefox", "raw&macros", 217, "/bn-BD/docs/Mozilla/"
	    "%E0%A6%AB%E0%A6%BE%E0%A6%AF%E0%A6%BC%E0%A6%BE%E0%A6%B0%E0%A6"
	    "%AB%E0%A6%95%E0%A7%8D%E0%A6%B8?raw&macros" },
	{ "/en-US/Apps", NULL, 218, "/en-US/docs/Web/Apps" },
	{ "/fa/Apps", "x=%C3%A9", 219, "/fa/docs/Web/Apps?x=%C3%A9" },
	{ "/fr/Apps", "q=a b", 220, "/fr/docs/Web/Apps?q=a%20b" },
	{ "/ja/Apps", NULL, 221, "/ja/docs/Web/Apps" },
	{ "/ta/Apps", "x=%C3%A9", 222, "/ta/docs/Web/Apps?x=%C3%A9" },
	{ "/th/Apps", "q=a b", 223, "/th/docs/Web/Apps?q=a%20b" },
	{ "/zh-CN/Apps", "a=1&b=2", 224, "/zh-CN/docs/Web/Apps?a=1&b=2" },
	{ "/zh-TW/Apps", NULL, 225, "/zh-TW/docs/Web/Apps" },
	{ "/Apps", NULL, 226, "/docs/Web/Apps" },
	{ "/es/Apps", "raw&macros", 227,
	    "/es/docs/Web/Aplicaciones?raw&macros" },
	{ "/bn-BD/Apps", NULL, 228, "/bn-BD/docs/Apps" },
	{ "/de/Apps", "a=1&b=2", 229, "/de/docs/Apps?a=1&b=2" },
	{ "/it/Apps", NULL, 230, "/it/docs/Apps" },
	{ "/ko/Apps", NULL, 231, "/ko/docs/Apps" },
	{ "/pt-BR/Apps", "raw&macros", 232, "/pt-BR/docs/Apps?raw&macros" },
	{ "/ru/Apps", "raw&macros", 233, "/ru/docs/Apps?raw&macros" },
	{ "/ca/Learn", "q=a b", 234, "/ca/docs/Learn?q=a%20b" },
	{ "/de/Learn", "x=%C3%A9", 235, "/de/docs/Learn?x=%C3%A9" },
	{ "/Learn", "x=%C3%A9", 236, "/docs/Learn?x=%C3%A9" },
	{ "/fr/Apprendre", NULL, 237, "/fr/docs/Apprendre" },
	{ "/de/Marketplace", "raw&macros", 238,
	    "/de/docs/Mozilla/Marketplace?raw&macros" },
	{ "/en-US/Marketplace", "x=%C3%A9", 239,
	    "/en-US/docs/Mozilla/Marketplace?x=%C3%A9" },
	{ "/es/Marketplace", NULL, 240, "/es/docs/Mozilla/Marketplace" },
	{ "/fr/Marketplace", NULL, 241, "/fr/docs/Mozilla/Marketplace" },
	{ "/it/Marketplace", "raw&macros", 242,
	    "/it/docs/Mozilla/Marketplace?raw&macros" },
	{ "/ja/Marketplace", NULL, 243, "/ja/docs/Mozilla/Marketplace" },
	{ "/zh-CN/Marketplace", NULL, 244, "/zh-CN/docs/Mozilla/Marketplace" },
	{ "/Marketplace", "a=1&b=2", 245, "/docs/Mozilla/Marketplace?a=1&b=2" },
	{ "/fa/Marketplace", NULL, 246,
	    "/fa/docs/Mozilla/%D8%A8%D8%A7%D8%B2%D8%A7%D8%B1" },
	{ "/DOCs/MARIoNETte", NULL, 247,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/index.html" },
	{ "/DocS/MArIOnETte/BUilds", "q=a b", 248,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Building.html?q=a%20b" },
	{ "/DoCS/MArioNeTTE/CLieNt", "raw&macros", 249,
	    "https://marionette-client.readthedocs.io/en/latest/?"
	    "raw&macros" },
	{ "/doCs/mOZilla/Qa/MARIOnETtE/pYthON_cLIENt", "raw&macros", 250,
	    "https://marionette-client.readthedocs.io/en/latest/?"
	    "raw&macros" },
	{ "/DOcs/MarIONette/deVeloper_sETUp", "q=a b", 251,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Contributing.html?q=a%20b" },
	{ "/dOcS/mARIonetTE_teSt_RUnnER", "raw&macros", 252,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html?raw&macros" },
	{ "/DOCS/MoZillA/qA/mARIOneTtE/MaRIOneTte_tESt_RuNneR", NULL, 253,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html" },
	{ "/dOCs/Marionette/Tests", "raw&macros", 254,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/PythonTests.html?raw&macros" },
	{ "/DOcs/mOziLLa/QA/MARIOnEttE/PrOtocOL", NULL, 255,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Protocol.html" },
	{ "/DOcS/mozIlLA/qA/mArionETTE/WebDrIVeR/STAtuS", NULL, 256,
	    "https://bugzilla.mozilla.org/showdependencytree.cgi?"
	    "id=721859&hide_resolved=1" },
	{ "/DOcs/marionEtte/DebuGGINg", NULL, 257,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Debugging.html" },
	{ "/fellowshipZ", NULL, 258,
	    "/docs/Archive/2015_MDN_Fellowship_Program" },
	{ "/samples/webgl/sample8/glUtils.j", NULL, -1, NULL },
	{ "/fellowship", NULL, 258,
	    "/docs/Archive/2015_MDN_Fellowship_Program" },
	{ "/samples/webgl/sample6/webgl-demo.js\n", NULL, 91,
	    "http://mdn.github.io/webgl-examples/tutorial/sample6/"
	    "webgl-demo.js" },
	{ "/cs/docs/A", NULL, -1, NULL },
	{ "/ca/docs/A", NULL, -1, NULL },
	{ "/samples/canvas-tutorial/images/gallery_1.jpg\n", NULL, 39,
	    "https://mdn.mozillademos.org/files/5399/gallery_1.jpg" },
	{ "/ja/docs/Marketplace/Subx", NULL, 243,
	    "/ja/docs/Mozilla/Marketplace/Subx" },
	{ "/docs/Mark", NULL, -1, NULL },
	{ "/tl/docs/Firefox/Sub\n", NULL, 207, "/tl/docs/Mozilla/Firefox/Sub" },
	{ "/ES/DOCS/ADD-ONS/SUB", NULL, -1, NULL },
	{ "/lear", NULL, -1, NULL },
	{ "/SAMPLES/WEBGL/SAMPLE5", NULL, 80,
	    "http://mdn.github.io/webgl-examples/tutorial/sample5" },
	{ "/pt-pt/docs/firefox/sub", NULL, -1, NULL },
	{ "/samples/canvas-tutorial/2_3_canvas_lineto.htm", NULL, -1, NULL },
	{ "//son/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/x/samples/webgl/sample1/webgl-demo.js", NULL, -1, NULL },
	{ "//my/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/ro/docs/Firefox/Sub\n", NULL, 199, "/ro/docs/Mozilla/Firefox/Sub" },
	{ "//web-tech/2008/09/12/css-transforms", NULL, -1, NULL },
	{ "/samples/webgl/sample8/firefox.ogv", NULL, 101,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "Firefox.ogv" },
	{ "/samples/canvas-tutorial/5_2_canvas_translate.htm", NULL, -1, NULL },
	{ "/ko/docs/F", NULL, -1, NULL },
	{ "/ru/docs/Add-ons/Sub\n", NULL, 152, "/ru/docs/Mozilla/Add-ons/Sub" },
	{ "/samples/webgl/sample8/index.html\n", NULL, 103,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "index.html" },
	{ "/SAMPLES/CANVAS-TUTORIAL/IMAGES/GALLERY_3.JPG", NULL, 41,
	    "https://mdn.mozillademos.org/files/5403/gallery_3.jpg" },
	{ "/PT-BR/APPS/SUB", NULL, -1, NULL },
	{ "/SAMPLES/WEBGL/SAMPLE1/WEBGL-DEMO.JS", NULL, 60,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "webgl-demo.js" },
	{ "//ca/docs/Firefox/Sub", NULL, -1, NULL },
	{ "//ja/docs/Marketplace/Sub", NULL, -1, NULL },
	{ "/cs/docs/Add-ons/Sub\n", NULL, 136, "/cs/docs/Mozilla/Add-ons/Sub" },
	{ "/el/docs/Firefox/Subx", NULL, 172, "/el/docs/Mozilla/Firefox/Subx" },
	{ "/zu/docs/Firefox/Sub\n", NULL, 215, "/zu/docs/Mozilla/Firefox/Sub" },
	{ "/samples/webgl/sample8/Firefox.ogvx", NULL, -1, NULL },
	{ "/zh-cn/docs/firefox/sub", NULL, -1, NULL },
	{ "//docs/Mozilla/QA/Marionette/Python_Client", NULL, -1, NULL },
	{ "//vi/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/mobile/x", NULL, -1, NULL },
	{ "/SAMPLES/WEBGL/SAMPLE8/INDEX.HTML", NULL, 103,
	    "http://mdn.github.io/webgl-examples/tutorial/sample8/"
	    "index.html" },
	{ "//bn-BD/Apps/Sub", NULL, -1, NULL },
	{ "/x/samples/canvas-tutorial/images/gallery_2.jpg", NULL, -1, NULL },
	{ "/EN-US/DOCS/APPS/SUB", NULL, -1, NULL },
	{ "/docs/mozilla/qa/marionette/client", NULL, 249,
	    "https://marionette-client.readthedocs.io/en/latest/" },
	{ "/x/samples/webgl/sample4/sylvester.js", NULL, -1, NULL },
	{ "/docs/Marionette/Debuggingx", NULL, -1, NULL },
	{ "/devnews/index.php/feed", NULL, 120,
	    "https://blog.mozilla.org/feed/" },
	{ "/x/docs/Marionette_Test_Runner", NULL, -1, NULL },
	{ "/x/ro/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/ln/docs/Firefox/Su", NULL, 191, "/ln/docs/Mozilla/Firefox/Su" },
	{ "/En/Core_JavaScript_1.5_Reference/Objects/xx", NULL, 115,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/xx" },
	{ "//th/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/pt-br/docs/firefox/sub", NULL, -1, NULL },
	{ "//ln/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/samples/webgl/sample8/sylvester.js", NULL, 104,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/samples/webgl/sample3/glUtils.jsx", NULL, -1, NULL },
	{ "/sw/docs/Firefox/Sub\n", NULL, 204, "/sw/docs/Mozilla/Firefox/Sub" },
	{ "/x/samples/canvas-tutorial/2_3_canvas_lineto.html", NULL, -1, NULL },
	{ "//sv-SE/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/ZH-CN/DOCS/APPS/SUB", NULL, -1, NULL },
	{ "/en-US/doc", NULL, -1, NULL },
	{ "/samples/webgl/sample1/webgl-demo.js\n", NULL, 60,
	    "http://mdn.github.io/webgl-examples/tutorial/sample1/"
	    "webgl-demo.js" },
	{ "/ID/DOCS/ADD-ONS/SUB", NULL, -1, NULL },
	{ "/SAMPLES/WEBGL/SAMPLE2/INDEX.HTML", NULL, 64,
	    "http://mdn.github.io/webgl-examples/tutorial/sample2/"
	    "index.html" },
	{ "/SAMPLES/CANVAS-TUTORIAL/4_5_CANVAS_LINEWIDTH.HTML", NULL, 23,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_lineWidth_example" },
	{ "/samples/webgl/sample8/webgl.css\n", NULL, 106,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/samples/webgl/sample5/sylvester.js\n", NULL, 83,
	    "http://mdn.github.io/webgl-examples/tutorial/sylvester.js" },
	{ "/x/samples/webgl/sample2/glUtils.js", NULL, -1, NULL },
	{ "/ko/docs/firefox/sub", NULL, -1, NULL },
	{ "//samples/webgl/sample6/webgl-demo.js", NULL, -1, NULL },
	{ "/ID/DOCS/FIREFOX/SUB", NULL, -1, NULL },
	{ "//zh-TW/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/sq/docs/Firefox/Sub\n", NULL, 202, "/sq/docs/Mozilla/Firefox/Sub" },
	{ "//samples/webgl/sample3/index.html", NULL, -1, NULL },
	{ "/XH/DOCS/FIREFOX/SUB", NULL, -1, NULL },
	{ "/samples/canvas-tutorial/4_10_canvas_radialgradient.html", NULL, 28,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_createRadialGradient_example" },
	{ "/ee/docs/F", NULL, -1, NULL },
	{ "/samples/webgl/sample6/webgl.css\n", NULL, 92,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/samples/webgl/sample5/webgl.cssx", NULL, -1, NULL },
	{ "//bn-IN/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/ko/docs/Firefox/Sub\n", NULL, 190, "/ko/docs/Mozilla/Firefox/Sub" },
	{ "/x/ru/docs/Add-ons/Sub", NULL, -1, NULL },
	{ "/fi/docs/Firefox/Sub\n", NULL, 176, "/fi/docs/Mozilla/Firefox/Sub" },
	{ "/x//x\n", NULL, 8, "/x_x" },
	{ "/mozilla", NULL, 110, "/docs/Mozilla" },
	{ "/samples/raycaster/input.j", NULL, -1, NULL },
	{ "/x/ro/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/zh-cn/docs/marketplace/sub", NULL, -1, NULL },
	{ "/fa/docs/Apps/Su", NULL, 219, "/fa/docs/Web/Apps/Su" },
	{ "/w", NULL, -1, NULL },
	{ "/samples/webgl/sample2/sylvester.j", NULL, -1, NULL },
	{ "/x/samples/canvas-tutorial/4_5_canvas_linewidth.html", NULL, -1,
	    NULL },
	{ "/samples/canvas-tutorial/4_5_canvas_linewidth.html\n", NULL, 23,
	    "/docs/Web/API/Canvas_API/Tutorial/"
	    "Applying_styles_and_colors#A_lineWidth_example" },
	{ "/x/zh-TW/docs/Apps/Sub", NULL, -1, NULL },
	{ "/samples/webgl/sample3/glUtils.js\n", NULL, 69,
	    "http://mdn.github.io/webgl-examples/tutorial/glUtils.js" },
	{ "/samples/webgl/sample2/index.htmlx", NULL, -1, NULL },
	{ "/es/docs/Apps/Su", NULL, 227, "/es/docs/Web/Aplicaciones/Su" },
	{ "/th/docs/add-ons/sub", NULL, -1, NULL },
	{ "/x/samples/canvas-tutorial/6_2_canvas_clipping.html", NULL, -1,
	    NULL },
	{ "/samples/rayc", NULL, -1, NULL },
	{ "/x/samples/canvas-tutorial/5_3_canvas_rotate.html", NULL, -1, NULL },
	{ "/de/docs/Firefox/Sub\n", NULL, 170, "/de/docs/Mozilla/Firefox/Sub" },
	{ "/addons/", NULL, 109, "/Add-ons" },
	{ "/con", NULL, -1, NULL },
	{ "//samples/webgl/sample1", NULL, -1, NULL },
	{ "/Learn/Sub\n", NULL, 236, "/docs/Learn/Sub" },
	{ "/samples/canvas-tutorial/4_1_canvas_fillstyle.htm", NULL, -1, NULL },
	{ "/ru/docs/A", NULL, -1, NULL },
	{ "/samples/canvas-tutorial/images/wallpaper.png", NULL, 49,
	    "https://mdn.mozillademos.org/files/222/"
	    "Canvas_createpattern.png" },
	{ "/docs/Marketplace/Subx", NULL, 245,
	    "/docs/Mozilla/Marketplace/Subx" },
	{ "/id/docs/Firefox/Sub\n", NULL, 185, "/id/docs/Mozilla/Firefox/Sub" },
	{ "/demos/", NULL, 128, "/docs/Web/Demos_of_open_web_technologies" },
	{ "/x/ko/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/hu/docs/F", NULL, -1, NULL },
	{ "/hr/docs/F", NULL, -1, NULL },
	{ "/it/docs/Marketplace/Sub\n", NULL, 242,
	    "/it/docs/Mozilla/Marketplace/Sub" },
	{ "/devnews/", NULL, 121, "https://wiki.mozilla.org/Releases" },
	{ "//mozilla/", NULL, -1, NULL },
	{ "/ES/DOCS/MARKETPLACE/SUB", NULL, -1, NULL },
	{ "/ta/docs/Apps/Sub\n", NULL, 222, "/ta/docs/Web/Apps/Sub" },
	{ "//fi/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/x/Firefox_OS/Security", NULL, -1, NULL },
	{ "/SAMPLES/WEBGL/SAMPLE6/WEBGL.CSS", NULL, 92,
	    "http://mdn.github.io/webgl-examples/tutorial/webgl.css" },
	{ "/demos\n", NULL, 128, "/docs/Web/Demos_of_open_web_technologies" },
	{ "/x/tr/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/samples/domref/mozgetasfile.html", NULL, 50,
	    "/docs/Web/API/HTMLCanvasElement.mozGetAsFile" },
	{ "//samples/webgl/sample4/sylvester.js", NULL, -1, NULL },
	{ "/docs/Mozilla/QA/Marionette/Protocol\n", NULL, 255,
	    "https://firefox-source-docs.mozilla.org/testing/marionette/"
	    "marionette/Protocol.html" },
	{ "/ca/Learn/Su", NULL, 234, "/ca/docs/Learn/Su" },
	{ "/samples/raycaster/trace.cs", NULL, -1, NULL },
	{ "/ru/docs/Firefox/Subx", NULL, 200, "/ru/docs/Mozilla/Firefox/Subx" },
	{ "/samples/canvas-tutorial/3_3_canvas_drawimage.htmlx", NULL, -1,
	    NULL },
	{ "/VI/DOCS/ADD-ONS/SUB", NULL, -1, NULL },
	{ "//zh-TW/docs/Apps/Sub", NULL, -1, NULL },
	{ "/x/samples/webgl/sample8/webgl.css", NULL, -1, NULL },
	{ "//samples/webgl/sample8/sylvester.js", NULL, -1, NULL },
	{ "/hu/docs/A", NULL, -1, NULL },
	{ "/it/Apps/Su", NULL, 230, "/it/docs/Apps/Su" },
	{ "/samples/raycas", NULL, -1, NULL },
	{ "/x/samples/raycaster/input.js", NULL, -1, NULL },
	{ "/ko/docs/Add-ons/Su", NULL, 161,
	    "/ko/docs/Mozilla/%EC%95%A0%EB%93%9C%EC%98%A8%EB%93%A4/Su" },
	{ "/En/Core_JavaScript_1.5_Reference/Objects/x\n", NULL, 115,
	    "/en-US/docs/JavaScript/Reference/Global_Objects/x" },
	{ "//it/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/x/ms/docs/Firefox/Sub", NULL, -1, NULL },
	{ "/docs/Mozilla/QA/Marionette/WebDriver/statusx", NULL, -1, NULL },
	{ "/samples/webgl/sample4/webgl-demo.js\n", NULL, 78,
	    "http://mdn.github.io/webgl-examples/tutorial/sample4/"
	    "webgl-demo.js" },
	{ "/ka/docs/Firefox/Sub\n", NULL, 189, "/ka/docs/Mozilla/Firefox/Sub" },
	{ "/x/samples/canvas-tutorial/4_11_canvas_createpattern.html", NULL, -1,
	    NULL },
	{ "/media/redesign/jsx", NULL, 4, "/static/jsx" },
	{ "/pt-br/apps/sub", NULL, -1, NULL },
	{ "/samples/raycaster/trace.css\n", NULL, 56,
	    "http://mdn.github.io/canvas-raycaster/trace.css" },
	{ "//samples/webgl/sample8", NULL, -1, NULL },
};

static void
test_spec(void)
{
	struct rurl_result res;
	size_t i;

	for (i = 0; i < sizeof spec_cases / sizeof spec_cases[0]; i++) {
		const struct answer *a = &spec_cases[i];
		bool m = match(a->path, a->query, &res);

		CHECK(m == (a->status != 0), a->path);
		CHECK(first_alone(a->path, a->query) ==
		    (m ? (int)res.rule : -1), a->path);
		if (!m || a->status == 0)
			continue;
		CHECK(res.status == a->status, a->path);
		CHECK(res.cache == a->cache, a->path);
		CHECK(strcmp(out, a->loc) == 0, a->path);
		CHECK(res.loc_len == strlen(a->loc), a->path);
	}
}

static void
test_per_rule(void)
{
	static bool seen[259];
	struct rurl_result res;
	unsigned int n301 = 0, n302 = 0, nzone = 0, nseen = 0;
	size_t i, n = sizeof per_rule / sizeof per_rule[0];

	CHECK(n == rurl_count(), "one vector per rule");
	for (i = 0; i < n; i++) {
		const struct vec *v = &per_rule[i];

		CHECK(v->rule == (int)i, v->path);
		CHECK(match(v->path, v->query, &res), v->path);
		CHECK(res.rule == i, v->path);
		CHECK(strcmp(out, v->loc) == 0, v->path);
		CHECK(res.status == group_status(res.rule), v->path);
		CHECK(first_alone(v->path, v->query) == (int)i, v->path);
		if (res.rule < 259 && !seen[res.rule]) {
			seen[res.rule] = true;
			nseen++;
		}
		if (res.cache == RURL_CACHE_ZONE)
			nzone += res.status == 302;
		else if (res.status == 301)
			n301++;
		else if (res.status == 302)
			n302++;
	}
	CHECK(nseen == 259, "every rule answers one vector");
	CHECK(n301 == 128 + 11 + 1, "301: scl3, Marionette, fellowship");
	CHECK(n302 == 3, "302 from scl3");
	CHECK(nzone == 116, "zones: 302 and the zone cache");
}

static void
test_variants(void)
{
	struct rurl_result res;
	size_t i;

	for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const struct vec *v = &variants[i];
		bool m = match(v->path, v->query, &res);

		CHECK(first_alone(v->path, v->query) == v->rule, v->path);
		CHECK(m == (v->rule >= 0), v->path);
		if (!m || v->rule < 0)
			continue;
		CHECK(res.rule == (unsigned int)v->rule, v->path);
		CHECK(strcmp(out, v->loc) == 0, v->path);
	}
}

/*
 * strip_tags() on the Location, which ours does approximately: tags,
 * comments and declarations go; a '<' that starts none of them, and
 * everything when there is no '>', stays (and is encoded).
 */
static const struct answer strip_cases[] = {
	{ "/media/css<b>x</b>", NULL, 301, RURL_CACHE_12H, "/static/stylesx" },
	{ "/media/css<x", NULL, 301, RURL_CACHE_12H, "/static/styles%3Cx" },
	{ "/media/css<1>", NULL, 301, RURL_CACHE_12H, "/static/styles%3C1%3E" },
	{ "/media/css<!--c-->x", NULL, 301, RURL_CACHE_12H,
	    "/static/stylesx" },
	/* the first '<' is text, then "<>" is text: it stays */
	{ "/media/css<<b>>", NULL, 301, RURL_CACHE_12H,
	    "/static/styles%3C%3E" },
	/* the query is appended after strip_tags(): kept, encoded */
	{ "/media/css", "<b>", 301, RURL_CACHE_12H, "/static/styles?%3Cb%3E" },
	/* a capture that strips to "//..." is made one '/' */
	{ "/<a>//x", NULL, 301, RURL_CACHE_12H, "/_x" },
};

static void
test_strip(void)
{
	struct rurl_result res;
	size_t i;

	for (i = 0; i < sizeof strip_cases / sizeof strip_cases[0]; i++) {
		const struct answer *a = &strip_cases[i];

		CHECK(match(a->path, a->query, &res), a->path);
		CHECK(strcmp(out, a->loc) == 0, a->path);
	}
}

/* The Location must fit with its NUL, or there is no redirect. */
static void
test_room(void)
{
	static const char path[] = "/media/css/\xc3\xa9-min.css";
	static const char want[] = "/static/build/styles/%C3%A9.css?a=1";
	struct rurl_result res;
	char buf[sizeof want];
	size_t i, len = strlen(path);

	CHECK(rurl_match(path, len, "a=1", 3, buf, sizeof buf, &res) &&
	    strcmp(buf, want) == 0 && res.loc_len == sizeof want - 1,
	    "exact fit");
	CHECK(!rurl_match(path, len, "a=1", 3, buf, sizeof buf - 1, &res),
	    "one byte short");
	CHECK(!rurl_match(path, len, "a=1", 3, buf, 0, &res), "no room");
	CHECK(!rurl_match("media/css", 9, NULL, 0, out, sizeof out, &res),
	    "no leading slash");
	CHECK(!rurl_match("", 0, NULL, 0, out, sizeof out, &res), "empty");
	CHECK(!rurl_match_rule(259, "/x//x", 5, NULL, 0, out, sizeof out,
	    &res), "rule out of range");
	/* The path is not NUL-terminated: only len bytes count. */
	CHECK(rurl_match("/mobile/x", 7, NULL, 0, out, sizeof out, &res) &&
	    strcmp(out, "/docs/Mozilla/Mobile") == 0, "length, not NUL");
	/* RURL_LOC_MAX() is enough for every rule's vector. */
	for (i = 0; i < sizeof per_rule / sizeof per_rule[0]; i++) {
		const struct vec *v = &per_rule[i];
		size_t pl = strlen(v->path);
		size_t ql = v->query != NULL ? strlen(v->query) : 0;

		CHECK(RURL_LOC_MAX(pl, ql) <= sizeof out &&
		    rurl_match(v->path, pl, v->query, ql, out,
		    RURL_LOC_MAX(pl, ql), &res), v->path);
	}
}

static const struct check_test tests[] = {
	{ "count", test_count }, { "spec", test_spec },
	{ "per_rule", test_per_rule }, { "variants", test_variants },
	{ "strip", test_strip }, { "room", test_room },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
