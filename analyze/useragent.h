/*
 * useragent: the browser (or crawler, or tool) and operating system a user
 * agent string names, from a small table of families as GoAccess and
 * logwatch report them; crawlers are told apart from people.
 */
#ifndef LOGSIFT_USERAGENT_H
#define LOGSIFT_USERAGENT_H

#include <stdbool.h>

#include "event.h"

struct ua_family {
	const char *browser;   /* "Chrome", "Firefox", "crawler: Googlebot", "tool: curl", "other" */
	const char *os;        /* "Windows", "macOS", "iOS", "Android", "Linux", ..., "other" */
	bool crawler;
};

/* Classifies ua (a non-empty user agent). */
struct ua_family ua_classify(struct span ua);

#endif
