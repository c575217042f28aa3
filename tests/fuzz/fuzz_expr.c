/* fuzz_expr.c - libFuzzer target: the lesson's expressions (explore/expr.h).
 *
 * Input: the text of an expression (cut at the first NUL). It must either be refused with a
 * "column N: ..." message naming a column inside the text (or one past its end), or parse into
 * nodes whose operands come first and whose spans lie inside the text; then it is evaluated
 * in float, double and MPFR (64 bits) and the facts of each result are written. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[EXPR_TEXT_MAX + 8], err[160];
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
	expr e;
	int col;

	memcpy(text, data, n);
	text[n] = '\0';
	err[0] = '\0';
	if (expr_parse(text, &e, err, sizeof err) != 0) {
		if (sscanf(err, "column %d:", &col) != 1 || col < 1 ||
		    (size_t)col > strlen(text) + 1)
			abort();
		return 0;
	}
	if (e.n < 1 || e.n > EXPR_NODES_MAX)
		abort();
	for (int i = 0; i < e.n; i++) {
		if (e.node[i].from < 0 || e.node[i].to < e.node[i].from ||
		    (size_t)e.node[i].to > strlen(e.text))
			abort();
		for (int k = 0; k < 3; k++)
			if (e.node[i].arg[k] >= i)
				abort();
	}
	if (!precision_format(FP_CUSTOM)) { /* the custom precision, as --precision sets it */
		char why[200];

		if (!precision_set_custom("custom:p=5,emin=-6,emax=7", why, sizeof why))
			abort();
	}
	for (int p = 0; p < FP_PRECISION_COUNT; p++) { /* every precision, emulated ones too */
		expr_eval ev;
		expr_facts f;

		expr_evaluate(&e, (fp_precision)p, 64, &ev);
		expr_facts_of(ev.step[e.n - 1].value, (fp_precision)p, 64, &f);
		expr_eval_clear(&ev);
	}
	return 0;
}
