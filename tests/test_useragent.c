/* test_useragent: families of real user agent strings, the specific names
 * before the ones they also carry, crawlers apart from people. */
#include "testutil.h"

#include <string.h>

#include "../analyze/useragent.h"

static struct ua_family of(const char *ua)
{
	return ua_classify((struct span){ ua, strlen(ua) });
}

static void test_useragent_browsers_and_systems(void **state)
{
	struct ua_family f;

	(void)state;
	f = of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	       "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91");
	assert_string_equal(f.browser, "Edge");
	assert_string_equal(f.os, "Windows");
	f = of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
	       "Version/17.1 Safari/605.1.15");
	assert_string_equal(f.browser, "Safari");
	assert_string_equal(f.os, "macOS");
	f = of("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
	       "Chrome/120.0.6099.144 Mobile Safari/537.36");
	assert_string_equal(f.browser, "Chrome");
	assert_string_equal(f.os, "Android");
	f = of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15");
	assert_string_equal(f.os, "iOS");
	f = of("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0");
	assert_string_equal(f.browser, "Firefox");
	assert_string_equal(f.os, "Linux");
	assert_false(f.crawler);
}

static void test_useragent_crawlers_and_tools(void **state)
{
	struct ua_family f;

	(void)state;
	f = of("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
	assert_string_equal(f.browser, "crawler: Googlebot");
	assert_true(f.crawler);
	f = of("Mozilla/5.0 (compatible; SomeNewCrawler/1.0; +https://example.com)");
	assert_string_equal(f.browser, "crawler: other");
	f = of("curl/8.4.0");
	assert_string_equal(f.browser, "tool: curl");
	assert_false(f.crawler);
	assert_string_equal(f.os, "other");
	f = of("something");
	assert_string_equal(f.browser, "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_useragent_browsers_and_systems),
		cmocka_unit_test(test_useragent_crawlers_and_tools),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
