/*
 * crs_int: the CRS rule set's representation, shared by crs.c (loading
 * the rules, matching a request) and crs_exclude.c (the site's
 * exclusions) and no one else; crs.h is the interface.
 */
#ifndef LOGSIFT_CRS_INT_H
#define LOGSIFT_CRS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "buf.h"
#include "event.h"
#include "rxneed.h"

#define CRS_FILE_MAX (8UL << 20)
#define MAX_TRANSFORMS 12
#define MAX_CHAINS 64
#define MAX_LINKS 4
#define MAX_VALUES 64
#define MAX_RULE_LINKS 512        /* links of all rules, numbered for the value cache */
#define LINK_WORDS (MAX_RULE_LINKS / 64)
#define VCACHE 16384              /* remembered values */
#define VCACHE_WAYS 4             /* a value's place: one of 4, the least recently used replaced */
#define VAR_LINKS 128             /* links of one variable a remembered value can hold */
#define VCACHE_KEY 224            /* longer values are not remembered (a place is 256 bytes) */
#define RXNEED_MIN 8              /* shorter texts go to PCRE2 at once */

/* What an access log holds of a request, as ModSecurity names it. */
enum var {
	V_ARGS, V_ARGS_NAMES, V_QUERY_STRING, V_REQUEST_URI, V_REQUEST_URI_RAW, V_REQUEST_FILENAME,
	V_REQUEST_BASENAME, V_REQUEST_LINE, V_REQUEST_METHOD, V_REQUEST_PROTOCOL, V_UA,
	V_REFERER, V_HOST, V_COUNT
};

enum transform {
	T_LOWERCASE, T_URLDECODE, T_URLDECODEUNI, T_HTMLENTITY, T_JSDECODE, T_CSSDECODE,
	T_REMOVENULLS, T_COMPRESSWS, T_REMOVEWS, T_REPLACECOMMENTS, T_CMDLINE, T_NORMPATH,
	T_NORMPATHWIN, T_TRIM, T_BASE64, T_UTF8TOUNICODE
};

struct chain {
	unsigned char t[MAX_TRANSFORMS];
	unsigned char n;
	unsigned acts;            /* the bytes (B_) any of its steps acts on */
};

/* Where a link's values come from: the request's variables, or (a
 * chained link) what the link before it matched: MATCHED_VARS, its
 * capture TX:N, or a count of a header (&REQUEST_HEADERS:Referer). */
enum from { FROM_VARS, FROM_MATCHED, FROM_CAPTURE, FROM_COUNT };

/* An operator that compares with the request's Host
 * (%{request_headers.host}), or a count with a number. */
enum cmp { CMP_NONE, CMP_BEGINS, CMP_ENDS, CMP_CONTAINS, CMP_STREQ,
	   CMP_EQ, CMP_GT, CMP_GE, CMP_LT, CMP_LE };

/* One condition of a rule (a rule and its chained rules). */
struct link {
	unsigned char from;       /* enum from */
	unsigned char group;      /* FROM_CAPTURE: TX:group */
	bool count_args;          /* FROM_COUNT: of the arguments (args_name: so named), not the Referer */
	unsigned char cmp;        /* enum cmp: instead of re */
	bool capture;             /* sets TX:0..9 for the link after it */
	long num;                 /* CMP_EQ..CMP_LE: the number */
	uint16_t vars;            /* 1 << enum var (FROM_VARS) */
	char args_name[64];       /* ARGS:name: only that argument ("" all) */
	/* the transformation chains whose results the operator sees: one,
	 * or with multiMatch each prefix of it (the value before and after
	 * every step), as indexes in crs.chains */
	unsigned char chain[MAX_TRANSFORMS + 1];
	unsigned char nchain;
	unsigned acts;            /* the bytes (B_) any step of its chains acts on; B_ANY
				   * too where no test can pass it over (no pattern, negated) */
	bool negate;
	pcre2_code *re;           /* every other operator becomes a pattern */
	/* what PCRE2 knows every match needs (its own start-up checks,
	 * made before calling it): a first byte of the set, a byte that must
	 * occur (-1: none known), a least length */
	signed char jit;          /* PCRE2's JIT code: 0 not made yet, 1 made, -1 none */
	bool first_known;
	struct rxset first;
	int16_t need[2];          /* the byte in either case */
	uint32_t minlen;
	struct rxneed *rx;        /* what the pattern needs of a text's bytes (NULL: unknown) */
};

struct crule {
	char tag[24];             /* "crs.942100" */
	struct link links[MAX_LINKS];
	unsigned char nlinks;
	unsigned char phase;      /* 1 or 2: an exclusion of phase 2 comes after phase 1's rules */
	uint16_t first;           /* the number of its first link (crs.bylink) */
	char *tags;               /* its tag: actions, each followed by '\n' (exclusions by tag) */
};

/* A value seen before (its variable and text), with the links it
 * matched: user agents, referers, file names, arguments repeat, and a
 * request is then a lookup, not eighty patterns.  The table is bigger than
 * the processor's caches, so a lookup must wait for memory once, not
 * twice: a place's tag, its links (as positions in its variable's list)
 * and the first 32 bytes of its text share its first cache line, and the
 * value's hash names the lines of the four places it may be in, which
 * are fetched together before anything is compared (two places to a set
 * fetch half as much but miss more: more instructions in all). */
struct vplace {
	uint64_t hash;
	uint32_t used;            /* when last used (crs.clock), 0 never */
	uint16_t len;
	unsigned char var;
	unsigned char pad_;
	uint64_t links[VAR_LINKS / 64];
	char key[VCACHE_KEY];
};

struct skipped {
	char id[160];             /* a rule's id, or an exclusion's file and line */
	char why[160];
};

/* What an exclusion does to the rules it names (rules): leaves them out
 * of the request, or leaves one of their targets out (the variables
 * vars; of ARGS or ARGS_NAMES only the one called name when there is
 * one). */
enum xkind { X_RULES, X_TARGET };

struct xact {
	unsigned char kind;       /* enum xkind */
	uint16_t vars;
	char name[64];
	uint64_t rules[LINK_WORDS];
};

/* A rule of the site's exclusions (ModSecurity's SecRule with ctl:
 * actions, SecAction, SecRuleRemoveById, SecRuleUpdateTargetById, ...):
 * its condition (no links: it always holds) and what it does. */
struct xrule {
	struct crule cond;
	struct xact *acts;
	size_t nacts;
};

/* The bytes of a method and a protocol around a request line's URI. */
#define AROUND 8
struct around {
	bool known;
	unsigned char mlen, plen;
	char method[16], proto[16];
	struct rxset has;
};

/* A value through a chain, computed once per event (gen), and its bytes:
 * in crs.vals at off, or the value itself when no step changed it. */
struct slot {
	uint32_t off, len, gen;
	bool self;
	struct rxset has;
};

struct crs {
	struct crule *rules;
	size_t n, cap;
	struct skipped *skip;
	size_t nskip, capskip;
	struct chain chains[MAX_CHAINS];
	size_t nchains;
	pcre2_match_data *md;
	/* per event: the values' transformed forms (vals) and the texts
	 * the values point into besides the event: the request without the
	 * log's escapes (raw), decoded (dec), its line (line).  No value is
	 * copied: most are looked up in the table and never read again. */
	struct buf vals, work, tmp;
	struct buf raw, dec, line;
	/* the request line's pieces, written into line only when a link
	 * needs more of it than its bytes and length (most need no more) */
	struct span line_method, line_uri, line_proto;
	struct {
		const char *p;
		uint32_t len;
		enum var v;
		bool known;           /* mask and has computed (when first needed) */
		bool unwritten;       /* the request line, p not yet written (value_text) */
		bool cacheable;       /* remembered in the value table, under hash */
		uint64_t hash;
		unsigned mask;
		struct rxset has;
		const char *name;     /* V_ARGS: its argument's name */
		uint32_t nlen;
	} val[MAX_VALUES];
	size_t nval;
	struct slot *cache;       /* [MAX_VALUES][MAX_CHAINS] */
	uint32_t gen;
	/* the links by number, those of each variable, and the values seen */
	const struct link *bylink[MAX_RULE_LINKS];
	size_t nlinks;
	uint16_t *of_var[V_COUNT];
	size_t nof_var[V_COUNT];
	struct vplace *vplace;    /* [VCACHE], a set's places side by side */
	struct around around[AROUND + 1]; /* the last for a pair too long to remember */
	uint32_t clock;           /* the values looked up in it */
	/* the rules to look at: those whose first link matched a value
	 * (rule_of a first link) and those that cannot be ruled out by the
	 * values' bits (their first link takes one argument, ARGS:name, or
	 * counts a header) */
	uint64_t firsts[LINK_WORDS], always[LINK_WORDS];
	bool some_always;         /* always is not empty */
	uint16_t rule_of[MAX_RULE_LINKS];
	/* the site's exclusions: the rules left out of every request (gone),
	 * the conditional ones, and per request the rules whose targets
	 * an exclusion narrows (touched), with those exclusions (active) */
	uint64_t gone[LINK_WORDS], touched[LINK_WORDS];
	/* those of the exclusions without a condition: the rules left out
	 * (with gone's), those narrowed, the first nstatic of c->active */
	uint64_t off0[LINK_WORDS], touched0[LINK_WORDS];
	size_t nstatic;
	uint16_t wanted;          /* the variables the rules and the exclusions' conditions read */
	bool after;               /* the exclusions being read come after the rules */
	uint16_t rule_wanted;     /* those the rules read */
	uint16_t remember;        /* those whose values the table remembers (crs_index_done) */
	size_t rule_links;        /* the rules' links (the conditions' follow) */
	size_t nof_rule_var[V_COUNT];
	struct xrule *x;
	size_t nx, nxacts, napplied, nunapplied;
	const struct xact **active; /* [nxacts] */
	size_t nactive;
	char dir[512];
};

/* A file being read: the rule whose chain continues, or that is being
 * skipped with the rest of its chain. */
struct reading {
	struct crule *open;       /* the rule a chained link adds to */
	bool skip_chain;          /* the next link belongs to a skipped rule */
	char id[16];
	/* an exclusion file's SecRule chain: its rule, where it starts,
	 * why it cannot be applied ("" it can), its links' actions */
	struct xrule *xo;
	char where[160], xwhy[200];
	struct buf xacts;
};

/* crs.c: reading directives */
void crs_skip_rule(struct crs *c, const char *id, const char *fmt, const char *what);
bool crs_token(const char **p, struct buf *out);
bool crs_action(const char *actions, const char *name, size_t nth, char *dst, size_t cap);
uint16_t crs_vars_of(const char *spec, char *args_name, size_t cap, char *unknown, size_t ucap);
bool crs_add_link(struct crs *c, struct crule *r, const char *vars, const char *op,
		  const char *acts, char *why, size_t cap);
void crs_free_rule(struct crule *r);
unsigned char crs_phase_of(const char *actions);
int crs_load_file(struct crs *c, const char *path, bool exclusions, char *err, size_t errlen);

/* crs_exclude.c */
void crs_exclusion(struct crs *c, struct reading *rd, const char *text, const char *path,
		   size_t line);
void crs_exclusion_acts(struct crs *c, const struct xrule *xr, uint64_t *off, uint64_t *touched);
void crs_free_xrule(struct xrule *x);

/* After the links are numbered (the rules', then the exclusions'):
 * which variables' values the table remembers. */
void crs_index_done(struct crs *c);

#endif
