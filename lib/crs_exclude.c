/*
 * crs_exclude: the site's CRS rule exclusions (ModSecurity's
 * SecRuleRemoveById/ByTag, SecRuleUpdateTargetById/ByTag and SecRule or
 * SecAction with ctl: actions), read into what crs_apply consults: the
 * rules left out of every request, and the exclusions with a condition,
 * whose links are numbered after the rules' for the value table; see
 * crs.h and docs/rules.md.
 */
#include "crs.h"

#include <stdint.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtol, free */
#include <string.h>
#include <strings.h> /* strcasecmp */

#include "buf.h"
#include "crs_int.h"
#include "mem.h"

/* The rules spec names into rules (those of phase or later): an id, a
 * range of ids ("942100-942199"), or (by_tag) a tag: action, whole and
 * exact, as ModSecurity 3 compares it.  False when spec is no id. */
static bool select_rules(const struct crs *c, const char *spec, bool by_tag, unsigned phase,
			 uint64_t *rules)
{
	long lo = 0, hi = 0;

	if (!by_tag) {
		char *end;

		lo = hi = strtol(spec, &end, 10);
		if (end == spec || lo < 0)
			return false;
		if (*end == '-') {
			const char *from = end + 1;

			hi = strtol(from, &end, 10);
			if (end == from || hi < lo)
				return false;
		}
		if (*end)
			return false;
	}
	for (size_t r = 0; r < c->n; r++) {
		const struct crule *ru = &c->rules[r];
		bool yes;

		if (ru->phase < phase)
			continue;
		if (by_tag) {
			size_t k = strlen(spec);
			const char *t = ru->tags;

			yes = false;
			while (!yes && t && *t) {
				size_t n = strcspn(t, "\n");

				yes = n == k && !memcmp(t, spec, k);
				t += n + (t[n] == '\n');
			}
		} else {
			long id = strtol(ru->tag + 4, NULL, 10);

			yes = id >= lo && id <= hi;
		}
		if (yes)
			rules[r / 64] |= 1ULL << (r % 64);
	}
	return true;
}

/* The variables of a target (ARGS:q, ARGS, REQUEST_URI, ...) into vars
 * (0: none an access log holds, which leaves the target out trivially)
 * and, for one argument or argument name, its name; false for a target
 * logsift cannot read (a regular expression for the name). */
static bool target_of(const char *spec, uint16_t *vars, char *name, size_t cap)
{
	size_t n = strcspn(spec, ":");
	const char *arg = spec[n] ? spec + n + 1 : NULL;
	char base[64], unknown[64], none[8];

	*vars = 0;
	*name = 0;
	if (!n || n >= sizeof base || (arg && (!*arg || *arg == '/' || strlen(arg) >= cap)))
		return false;
	snprintf(base, sizeof base, "%.*s", (int)n, spec);
	if (!strcasecmp(base, "ARGS") || !strcasecmp(base, "ARGS_GET")) {
		*vars = 1 << V_ARGS;
	} else if (!strcasecmp(base, "ARGS_NAMES") || !strcasecmp(base, "ARGS_GET_NAMES")) {
		*vars = 1 << V_ARGS_NAMES;
	} else if (!strcasecmp(base, "REQUEST_HEADERS")) {
		*vars = !arg ? (1 << V_UA | 1 << V_REFERER | 1 << V_HOST)
		      : !strcasecmp(arg, "User-Agent") ? 1 << V_UA
		      : !strcasecmp(arg, "Referer") ? 1 << V_REFERER
		      : !strcasecmp(arg, "Host") ? 1 << V_HOST : 0;
		return true;
	} else {
		/* one of the request's own variables, or none a log holds */
		if (!arg)
			*vars = crs_vars_of(base, none, sizeof none, unknown, sizeof unknown);
		return true;
	}
	if (arg)
		snprintf(name, cap, "%s", arg);
	return true;
}

static struct xrule *new_xrule(struct crs *c)
{
	c->x = xrealloc(c->x, (c->nx + 1) * sizeof *c->x);
	memset(&c->x[c->nx], 0, sizeof c->x[c->nx]);
	return &c->x[c->nx++];
}

static struct xact *new_xact(struct crs *c, struct xrule *x, enum xkind kind)
{
	struct xact *a;

	x->acts = xrealloc(x->acts, (x->nacts + 1) * sizeof *x->acts);
	a = &x->acts[x->nacts++];
	memset(a, 0, sizeof *a);
	a->kind = (unsigned char)kind;
	c->nxacts++;
	return a;
}

void crs_free_xrule(struct xrule *x)
{
	crs_free_rule(&x->cond);
	free(x->acts);
}

/* What exclusion xr does: the rules it leaves out into off, those whose
 * targets it narrows into touched (and its acts into c->active). */
void crs_exclusion_acts(struct crs *c, const struct xrule *xr, uint64_t *off,
			   uint64_t *touched)
{
	for (size_t k = 0; k < xr->nacts; k++) {
		const struct xact *a = &xr->acts[k];

		if (a->kind == X_TARGET && !a->vars) /* a target the log does not hold */
			continue;
		for (size_t w = 0; w < LINK_WORDS; w++)
			(a->kind == X_RULES ? off : touched)[w] |= a->rules[w];
		if (a->kind == X_TARGET)
			c->active[c->nactive++] = a;
	}
}

/* The rules (an id, or a tag) and the targets ("!ARGS:q|!REQUEST_URI",
 * or after a ctl's ';' "ARGS:q") of an exclusion of targets into x;
 * false with why.  ModSecurity 3 reads one id here, and of a range or a
 * list only the first: not applied, rather than applied to rules the
 * site's WAF still runs them on (or to fewer than the site meant). */
static bool exclude_targets(struct crs *c, struct xrule *x, const char *rules, bool by_tag,
			    unsigned phase, const char *targets, bool negated, char *why,
			    size_t cap)
{
	uint64_t sel[LINK_WORDS] = { 0 };

	if (!by_tag && rules[strspn(rules, "0123456789")]) {
		snprintf(why, cap, "rules %.64s: ModSecurity 3 takes one id here (%.*s)", rules,
			 (int)strspn(rules, "0123456789"), rules);
		return false;
	}
	if (!select_rules(c, rules, by_tag, phase, sel)) {
		snprintf(why, cap, "not a rule id: %.64s", rules);
		return false;
	}
	for (const char *t = targets; *t;) {
		size_t n = strcspn(t, "|");
		char one[128];
		uint16_t vars;
		struct xact *a;

		snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one - 1 ? n : sizeof one - 1), t);
		t += n + (t[n] == '|');
		if (negated && one[0] != '!') {
			snprintf(why, cap, "a target added (%s): logsift only leaves targets out", one);
			return false;
		}
		a = new_xact(c, x, X_TARGET);
		if (!target_of(one + negated, &vars, a->name, sizeof a->name)) {
			snprintf(why, cap, "a target logsift cannot read: %s", one);
			return false;
		}
		a->vars = vars;
		memcpy(a->rules, sel, sizeof sel);
	}
	return true;
}

/* A list of rules (ids and ranges, or tags) into rules (those of phase
 * or later); false with why. */
static bool rule_list(struct crs *c, struct buf *tok, const char **p, bool by_tag, unsigned phase,
		      uint64_t *rules, char *why, size_t cap)
{
	bool any = false;

	while (crs_token(p, tok)) {
		any = true;
		if (!select_rules(c, tok->p, by_tag, phase, rules)) {
			snprintf(why, cap, "not a rule id: %s", tok->p);
			return false;
		}
	}
	if (!any)
		snprintf(why, cap, "no rules named");
	return any;
}

/* The ctl: actions of an exclusion (all its links' actions) into x; false
 * with why when one would change what matches and cannot be applied. */
static bool ctl_actions(struct crs *c, struct xrule *x, const char *acts, unsigned phase,
			char *why, size_t cap)
{
	/* those that leave what a request matches as it is */
	static const char *const harmless[] = { "auditEngine", "auditLogParts", "requestBodyAccess",
						"requestBodyProcessor", "forceRequestBodyVariable",
						"debugLogLevel" };
	char v[512];
	size_t found = 0;
	/* the rules it reaches: those of its phase after it (its file before
	 * the rules, as REQUEST-900's) or of the later phases only */
	unsigned reach = phase + c->after;

	for (size_t i = 0; crs_action(acts, "ctl", i, v, sizeof v); i++) {
		size_t n = strcspn(v, "=");
		char *arg = v[n] ? v + n + 1 : v + n;
		bool by_tag = false, known = false;

		v[n] = 0;
		found++;
		for (size_t k = 0; k < sizeof harmless / sizeof harmless[0]; k++)
			known = known || !strcmp(v, harmless[k]);
		if (known)
			continue;
		if (!strcmp(v, "ruleEngine")) {
			/* Off: no rule of a later phase (ModSecurity 3 looks at
			 * the engine's state as a phase begins) */
			if (!strcasecmp(arg, "Off")) {
				struct xact *a = new_xact(c, x, X_RULES);

				for (size_t r = 0; r < c->n; r++)
					if (c->rules[r].phase > phase)
						a->rules[r / 64] |= 1ULL << (r % 64);
			}
			continue;
		}
		if (!strcmp(v, "ruleRemoveById") || (by_tag = !strcmp(v, "ruleRemoveByTag"))) {
			/* ids and ranges, space-separated; a tag whole */
			struct xact *a = new_xact(c, x, X_RULES);
			const char *list = arg;
			struct buf tok;
			bool ok = true;

			buf_init(&tok, 0);
			if (by_tag)
				select_rules(c, arg, true, reach, a->rules);
			else
				ok = rule_list(c, &tok, &list, false, reach, a->rules, why, cap);
			buf_release(&tok);
			if (!ok)
				return false;
			continue;
		}
		if (!strcmp(v, "ruleRemoveTargetById") || (by_tag = !strcmp(v, "ruleRemoveTargetByTag"))) {
			char *semi = strchr(arg, ';');

			if (!semi) {
				snprintf(why, cap, "ctl:%.64s without a target", v);
				return false;
			}
			*semi = 0;
			if (!exclude_targets(c, x, arg, by_tag, reach, semi + 1, false, why, cap))
				return false;
			continue;
		}
		snprintf(why, cap, "ctl:%.64s", v);
		return false;
	}
	if (!found) {
		snprintf(why, cap, "no ctl: action (logsift applies the exclusions of rules only)");
		return false;
	}
	return true;
}

/* Notes an exclusion that is not applied: --list-skipped lists it, and
 * ingest warns, since the log's report will count what the site's WAF
 * does not. */
static void not_applied(struct crs *c, const char *where, const char *why)
{
	crs_skip_rule(c, where, "exclusion not applied: %s", why);
	c->nunapplied++;
}

/* Drops x, the last exclusion made, which cannot be applied. */
static void drop_xrule(struct crs *c, struct xrule *x)
{
	c->nxacts -= x->nacts;
	crs_free_xrule(x);
	c->nx--;
}

/* One directive of an exclusion file (text "" ends the file). */
void crs_exclusion(struct crs *c, struct reading *rd, const char *text, const char *path,
		      size_t line)
{
	static const char *const inert[] = { "SecMarker", "SecDefaultAction",
					     "SecCollectionTimeout", "SecComponentSignature" };
	struct buf a, b, d;
	struct xrule *made = NULL;
	char word[64], flag[8], why[200] = "";
	size_t n = strcspn(text, " \t");
	const char *p = text + n;

	if (rd->xo && strncmp(text, "SecRule ", 8)) { /* a chain left open */
		not_applied(c, rd->where, "a chain without its last rule");
		drop_xrule(c, rd->xo);
		rd->xo = NULL;
	}
	if (!n || *text == '#')
		return;
	snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word - 1 ? n : sizeof word - 1), text);
	for (size_t k = 0; k < sizeof inert / sizeof inert[0]; k++)
		if (!strcmp(word, inert[k]))
			return;
	/* the switch of one of the CRS's application packages (REQUEST-903.*:
	 * skip the rest unless tx.crs_exclusions_NAME is set): given as
	 * exclusions, the package is wanted */
	if (!rd->xo && !strcmp(word, "SecRule") && strstr(p, "TX:crs_exclusions_") &&
	    strstr(p, "skipAfter:") && !strstr(p, "ctl:"))
		return;
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&d, 0);
	if (!rd->xo)
		snprintf(rd->where, sizeof rd->where, "%s:%zu", path, line);
	if (!strcmp(word, "SecRuleRemoveById") || !strcmp(word, "SecRuleRemoveByTag")) {
		uint64_t sel[LINK_WORDS] = { 0 };

		if (rule_list(c, &a, &p, strstr(word, "ByTag") != NULL, 0, sel, why, sizeof why))
			for (size_t w = 0; w < LINK_WORDS; w++)
				c->gone[w] |= sel[w];
	} else if (!strcmp(word, "SecRuleUpdateTargetById") || !strcmp(word, "SecRuleUpdateTargetByTag")) {
		if (!crs_token(&p, &a) || !crs_token(&p, &b))
			snprintf(why, sizeof why, "%s without rules and targets", word);
		else if (crs_token(&p, &d))
			snprintf(why, sizeof why, "%s with a replacement target", word);
		else
			exclude_targets(c, made = new_xrule(c), a.p, strstr(word, "ByTag") != NULL, 0, b.p, true, why,
					sizeof why);
	} else if (!strcmp(word, "SecRuleUpdateActionById")) {
		/* new actions (a severity, a redirect, "nolog") change what a
		 * match does, not what matches, but for transformations and
		 * chains; a rule logsift has not loaded (949110, the anomaly
		 * score's) changes nothing at all */
		uint64_t sel[LINK_WORDS] = { 0 };
		bool loaded = false;

		if (!crs_token(&p, &a) || !crs_token(&p, &b))
			snprintf(why, sizeof why, "%s without a rule and actions", word);
		else if (!select_rules(c, a.p, false, 0, sel))
			snprintf(why, sizeof why, "not a rule id: %.64s", a.p);
		for (size_t w = 0; w < LINK_WORDS; w++)
			loaded = loaded || sel[w];
		if (!why[0] && loaded && (crs_action(b.p, "t", 0, flag, sizeof flag) ||
					  crs_action(b.p, "chain", 0, flag, sizeof flag)))
			snprintf(why, sizeof why, "%s changing a rule's transformations", word);
	} else if (!strcmp(word, "SecAction")) {
		if (!crs_token(&p, &a))
			buf_adds(&a, "");
		ctl_actions(c, made = new_xrule(c), a.p, crs_phase_of(a.p), why, sizeof why);
	} else if (!strcmp(word, "SecRule")) {
		if (!crs_token(&p, &a) || !crs_token(&p, &b)) {
			snprintf(why, sizeof why, "SecRule without variables and an operator");
			made = rd->xo;
			rd->xo = NULL;
		} else {
			if (!crs_token(&p, &d))
				buf_adds(&d, "");
			if (!rd->xo) {
				rd->xo = new_xrule(c);
				rd->xo->cond.phase = crs_phase_of(d.p);
				rd->xwhy[0] = 0;
				buf_reset(&rd->xacts);
			}
			if (!rd->xwhy[0] &&
			    !crs_add_link(c, &rd->xo->cond, a.p, b.p, d.p, rd->xwhy, sizeof rd->xwhy) &&
			    !rd->xwhy[0])
				snprintf(rd->xwhy, sizeof rd->xwhy, "its condition");
			buf_adds(&rd->xacts, d.p);
			buf_addc(&rd->xacts, ',');
			if (crs_action(d.p, "chain", 0, flag, sizeof flag))
				goto out; /* more links to come */
			made = rd->xo; /* the chain's last link: the exclusion whole */
			rd->xo = NULL;
			if (rd->xwhy[0])
				snprintf(why, sizeof why, "%s", rd->xwhy);
			else
				ctl_actions(c, made, rd->xacts.p, made->cond.phase, why, sizeof why);
		}
	} else {
		snprintf(why, sizeof why, "%s", word);
	}
	if (why[0]) {
		not_applied(c, rd->where, why);
		if (made)
			drop_xrule(c, made);
	} else {
		c->napplied++;
	}
out:
	buf_release(&a);
	buf_release(&b);
	buf_release(&d);
}

/* Numbers the links of the exclusions' conditions after the rules' (again
 * after each file: the exclusions move as they grow), so that the value
 * table remembers what a value matched of them as of the rules; a
 * condition past MAX_RULE_LINKS is asked of the values each time. */
static void index_conditions(struct crs *c)
{
	c->nlinks = c->rule_links;
	c->wanted = c->rule_wanted;
	memcpy(c->nof_var, c->nof_rule_var, sizeof c->nof_var);
	for (size_t i = 0; i < c->nx; i++) {
		struct crule *cond = &c->x[i].cond;

		for (size_t k = 0; k < cond->nlinks; k++)
			c->wanted |= cond->links[k].vars | (cond->links[k].count_args ? 1 << V_ARGS : 0);
		if (c->nlinks + cond->nlinks > MAX_RULE_LINKS) {
			cond->first = UINT16_MAX;
			continue;
		}
		cond->first = (uint16_t)c->nlinks;
		for (size_t k = 0; k < cond->nlinks; k++) {
			const struct link *l = &cond->links[k];

			c->bylink[c->nlinks] = l;
			for (int v = 0; v < V_COUNT && !l->args_name[0]; v++)
				if (l->vars & (1u << v)) {
					c->of_var[v] = xrealloc(c->of_var[v],
								(c->nof_var[v] + 1) * sizeof *c->of_var[v]);
					c->of_var[v][c->nof_var[v]++] = (uint16_t)c->nlinks;
				}
			c->nlinks++;
		}
	}
	/* what the table remembers was found for the links as they were */
	memset(c->vplace, 0, VCACHE * sizeof *c->vplace);
	c->clock = 0;
	/* the exclusions without a condition, once for every request */
	memcpy(c->off0, c->gone, sizeof c->off0);
	memset(c->touched0, 0, sizeof c->touched0);
	c->nactive = 0;
	for (size_t i = 0; i < c->nx; i++)
		if (!c->x[i].cond.nlinks)
			crs_exclusion_acts(c, &c->x[i], c->off0, c->touched0);
	c->nstatic = c->nactive;
	crs_index_done(c);
}

int crs_exclude(struct crs *c, const char *path, bool after, char *err, size_t errlen)
{
	c->after = after;
	if (crs_load_file(c, path, true, err, errlen))
		return -1;
	c->active = xrealloc(c->active, (c->nxacts ? c->nxacts : 1) * sizeof *c->active);
	index_conditions(c);
	return 0;
}

size_t crs_exclusions(const struct crs *c, size_t *unapplied)
{
	*unapplied = c->nunapplied;
	return c->napplied;
}
