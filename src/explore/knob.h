/* knob.h - the knob registry: one row per knob, and everything else iterates over it.
 *
 * A knob changes rounding without changing the mathematics (DESIGN.md, "Vocabulary"; how the
 * knobs compose is in arith/knobs.h). Its row gives its name (the option --NAME, the report
 * column and the JSON field), the explorer's keys, its values (parse, format, the list the
 * sweep view runs, the JSON type and schema), its help lines, and the rule saying when it does
 * not apply. Option parsing, --help, the explorer's actions, header, click targets and sweep,
 * the summary, the report writers' columns and the JSON schema all read this table, so a new
 * knob is a row here plus the code where it acts (doc/HACKING.md).
 *
 * A value of one knob travels in an fp_knobs whose other fields are ignored: parse writes the
 * knob's fields, format and same read them, copy moves them into another variant.
 *
 *   knob_list threads;
 *   knob_parse_list(KNOB_THREADS, "1,2,4", &threads);   (threads.n == 3)
 *   knob_format(KNOB_ORDER, &variant, buf, sizeof buf);  ("shuffle:7")
 */
#ifndef FPDRIFT_KNOB_H
#define FPDRIFT_KNOB_H

#include <stdbool.h>
#include <stddef.h>

#include "arith/knobs.h"
#include "workload/workload.h"

/* The knobs, in the order the grid nests them (the first varies slowest). */
#define KNOB_LIST(X)                                                                               \
	X(KNOB_ORDER)                                                                              \
	X(KNOB_LANES)                                                                              \
	X(KNOB_THREADS) X(KNOB_COMBINE) X(KNOB_FMA) X(KNOB_KERNEL) X(KNOB_ACCUM) X(KNOB_ROUNDING)

#define KNOB_ENUM_ITEM(id) id,
typedef enum { KNOB_LIST(KNOB_ENUM_ITEM) KNOB_COUNT } knob_id;
#undef KNOB_ENUM_ITEM

/* The most values one knob's list may hold. */
#define KNOB_LIST_MAX 64

/* How a knob's value appears in JSON. */
typedef enum { KNOB_JSON_STRING, KNOB_JSON_INTEGER, KNOB_JSON_BOOLEAN } knob_json;

/* What the rule of a knob looks at: the workload, its parameters, the run's precision. */
typedef struct knob_where {
	const workload *wl;      /* NULL: any workload */
	const wl_params *params; /* read through wl; may be NULL when wl is */
	fp_precision prec;       /* FP_PRECISION_COUNT: any precision, of chosen */
	const bool *chosen; /* with prec FP_PRECISION_COUNT: the precisions that run (indexed by
	                     * fp_precision), or NULL for all */
} knob_where;

typedef struct knob_desc {
	const char *name;    /* "threads": option --threads, report column, JSON field */
	int key;             /* the explorer's key for the next value */
	int key_back;        /* the key for the previous value, or 0 */
	const char *values;  /* every value in option syntax, comma-separated, when they are
	                      * finitely many (the JSON enum); NULL otherwise */
	const char *pattern; /* the JSON schema's pattern when values is NULL and the JSON type
	                      * is a string; NULL otherwise */
	long min, max;       /* the range when values is NULL and the JSON type is an integer */
	const char *sweep;   /* the sweep view's values, comma-separated */
	const char *def;     /* the default value */
	knob_json json;
	const char *arg_help;  /* --help: the values, as people read them */
	const char *key_help;  /* the explorer's help line for key */
	const char *back_help; /* for key_back; NULL when there is none */
	const char *na_help;   /* when the knob does not apply, in words (man page, reports) */
	bool (*parse)(const char *s, fp_knobs *k);
	void (*format)(const fp_knobs *k, char *buf, size_t size);
	void (*copy)(fp_knobs *dst, const fp_knobs *src);
	/* false when the knob's value cannot change the result of variant k (NULL: always true) */
	bool (*applies)(const knob_where *w, const fp_knobs *k);
	/* the explorer's step to the next (dir 1) or previous (dir -1) value; NULL: cycle
	 * through the sweep list */
	void (*step)(fp_knobs *k, int dir);
	/* what the value does not say, for variant k where w says ("fused by the library"), or
	 * NULL (and NULL: never anything) */
	const char *(*note)(const knob_where *w, const fp_knobs *k);
	/* can two runs of the same variant differ under this value (a racy merge)? NULL: never */
	bool (*varies)(const knob_where *w, const fp_knobs *k);
} knob_desc;

extern const knob_desc knob_table[KNOB_COUNT];

/* A knob's list of values: each entry holds one value in that knob's fields. */
typedef struct knob_list {
	size_t n;
	fp_knobs v[KNOB_LIST_MAX];
} knob_list;

/* The knob whose name is name, or KNOB_COUNT. */
knob_id knob_find(const char *name);
/* Parse a comma-separated list of id's values into out (n >= 1); false, with out unchanged,
 * on an empty list or item, a value that does not parse, or more than KNOB_LIST_MAX items. */
bool knob_parse_list(knob_id id, const char *list, knob_list *out);
/* One value of id in k: "seq", "4", "on"; returns buf. */
char *knob_format(knob_id id, const fp_knobs *k, char *buf, size_t size);
/* Do a and b hold the same value of id? */
bool knob_same(knob_id id, const fp_knobs *a, const fp_knobs *b);
/* Can two runs of variant k differ, by any knob's varies rule? The runner then draws it
 * several times (runner.h). */
bool knob_varies(const fp_knobs *k, const knob_where *w);
/* knob_desc.note of id, or NULL. */
const char *knob_note(knob_id id, const knob_where *w, const fp_knobs *k);
/* Does id apply to variant k (its value can change the result)? */
bool knob_applies(knob_id id, const knob_where *w, const fp_knobs *k);
/* The explorer's step of id in k: dir 1 the next value, -1 the previous one. */
void knob_step(knob_id id, fp_knobs *k, int dir);
/* The default of every knob in one list each (n == 1). */
void knob_lists_default(knob_list lists[KNOB_COUNT]);
/* The first entry of every list as one variant. */
fp_knobs knob_lists_first(const knob_list lists[KNOB_COUNT]);
/* Every combination of the lists, the first knob varying slowest, into a new array (*out,
 * owned by the caller); returns its length. */
size_t knob_expand(const knob_list lists[KNOB_COUNT], fp_knobs **out);
/* "order=seq lanes=1 threads=1 combine=ordered fma=off kernel=naive"; returns buf. */
char *knob_describe(const fp_knobs *k, char *buf, size_t size);
/* The same with "(n/a)" after each value that cannot change the result where w says, and a
 * knob's note in parentheses: "order=exact lanes=4 (n/a) ... fma=off (fused by the library)". */
char *knob_describe_where(const fp_knobs *k, const knob_where *w, char *buf, size_t size);

#endif
