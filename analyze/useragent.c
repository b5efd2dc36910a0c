/*
 * useragent: ordered tables of tokens; the first token found wins, so the
 * more specific names come first (Edge and Opera say "Chrome", Chrome says
 * "Safari", Android says "Linux").  Matching is case-sensitive on the
 * tokens the agents themselves write, except the crawler words.
 */
#include "useragent.h"

#include <string.h> /* strlen */

#include "bytes.h"
#include "scan.h"

struct token_name {
	const char *token, *name;
};

static const struct token_name crawlers[] = {
	{ "Googlebot", "crawler: Googlebot" }, { "bingbot", "crawler: Bingbot" },
	{ "YandexBot", "crawler: YandexBot" }, { "Baiduspider", "crawler: Baiduspider" },
	{ "DuckDuckBot", "crawler: DuckDuckBot" }, { "Applebot", "crawler: Applebot" },
	{ "facebookexternalhit", "crawler: Facebook" }, { "AhrefsBot", "crawler: AhrefsBot" },
	{ "SemrushBot", "crawler: SemrushBot" }, { "MJ12bot", "crawler: MJ12bot" },
	{ "PetalBot", "crawler: PetalBot" }, { "GPTBot", "crawler: GPTBot" },
	{ "Slurp", "crawler: Yahoo Slurp" },
}, tools[] = {
	{ "curl/", "tool: curl" }, { "Wget/", "tool: Wget" },
	{ "python-requests/", "tool: python-requests" }, { "Python-urllib/", "tool: Python urllib" },
	{ "Go-http-client/", "tool: Go" }, { "okhttp/", "tool: okhttp" },
	{ "PostmanRuntime/", "tool: Postman" }, { "Java/", "tool: Java" },
	{ "node-fetch/", "tool: node-fetch" }, { "axios/", "tool: axios" },
}, browsers[] = {
	{ "Edg/", "Edge" }, { "Edge/", "Edge" }, { "OPR/", "Opera" }, { "Opera", "Opera" },
	{ "SamsungBrowser/", "Samsung Internet" }, { "YaBrowser/", "Yandex Browser" },
	{ "Firefox/", "Firefox" }, { "Chromium/", "Chromium" }, { "CriOS/", "Chrome" },
	{ "Chrome/", "Chrome" }, { "FxiOS/", "Firefox" }, { "Safari/", "Safari" },
	{ "MSIE ", "Internet Explorer" }, { "Trident/", "Internet Explorer" },
}, systems[] = {
	{ "Windows", "Windows" }, { "iPhone", "iOS" }, { "iPad", "iOS" }, { "iPod", "iOS" },
	{ "Android", "Android" }, { "CrOS", "ChromeOS" }, { "Macintosh", "macOS" },
	{ "Mac OS X", "macOS" }, { "FreeBSD", "FreeBSD" }, { "OpenBSD", "OpenBSD" },
	{ "Linux", "Linux" },
};

#define FIRST(table, ua, dflt) first_of(table, sizeof table / sizeof table[0], ua, dflt)

static const char *first_of(const struct token_name *t, size_t n, struct span ua,
			    const char *dflt)
{
	for (size_t i = 0; i < n; i++)
		if (bytes_find(ua.p, ua.len, t[i].token, strlen(t[i].token)))
			return t[i].name;
	return dflt;
}

/* "bot", "crawler", "spider" in any case: a crawler the table does not name */
static bool botlike(struct span ua)
{
	static const char *const words[] = { "bot", "crawl", "spider" };

	for (size_t w = 0; w < 3; w++) {
		size_t k = strlen(words[w]);
		for (size_t i = 0; i + k <= ua.len; i++) {
			size_t j = 0;
			while (j < k && scan_lower(ua.p[i + j]) == words[w][j])
				j++;
			if (j == k)
				return true;
		}
	}
	return false;
}

struct ua_family ua_classify(struct span ua)
{
	struct ua_family f = { NULL, FIRST(systems, ua, "other"), false };

	if ((f.browser = FIRST(crawlers, ua, NULL)) || botlike(ua)) {
		if (!f.browser)
			f.browser = "crawler: other";
		f.crawler = true;
		return f;
	}
	if ((f.browser = FIRST(tools, ua, NULL)))
		return f;
	f.browser = FIRST(browsers, ua, "other");
	return f;
}
