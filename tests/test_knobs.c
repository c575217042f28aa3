/* test_knobs.c - names, parsing, checks and the status messages. */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "arith/knobs.h"
#include "explore/knob.h"

Test(knobs, default_is_the_plain_loop)
{
	fp_knobs k = knobs_default();
	char buf[128];

	cr_assert_eq(knobs_check(&k), FP_OK);
	cr_assert_str_eq(knob_describe(&k, buf, sizeof buf),
	                 "order=seq lanes=1 threads=1 combine=ordered fma=off kernel=naive "
	                 "accum=same rounding=nearest");
}

Test(knobs, every_order_name_parses_back)
{
	for (int o = 0; o < FP_ORDER_COUNT; o++) {
		fp_order got = FP_ORDER_SEQ;
		uint64_t seed = 0;
		const char *name = knobs_order_name((fp_order)o);

		if (o == FP_ORDER_SHUFFLE) {
			cr_assert(!knobs_parse_order(name, &got, &seed),
			          "bare shuffle has no seed");
			continue;
		}
		cr_assert(knobs_parse_order(name, &got, &seed), "%s", name);
		cr_assert_eq((int)got, o);
	}
}

Test(knobs, shuffle_takes_a_seed)
{
	fp_order o;
	uint64_t seed = 0;

	cr_assert(knobs_parse_order("shuffle:18446744073709551615", &o, &seed));
	cr_assert_eq(o, FP_ORDER_SHUFFLE);
	cr_assert_eq(seed, UINT64_MAX);
	cr_assert(!knobs_parse_order("shuffle:", &o, &seed));
	cr_assert(!knobs_parse_order("shuffle:-1", &o, &seed));
	cr_assert(!knobs_parse_order("shuffle:12x", &o, &seed));
	cr_assert(!knobs_parse_order("shuffle:18446744073709551616", &o, &seed));
	cr_assert(!knobs_parse_order("Seq", &o, &seed));
	cr_assert(!knobs_parse_order(NULL, &o, &seed));
}

Test(knobs, other_names)
{
	fp_precision p;
	fp_combine c;
	fp_kernel k;

	cr_assert(knobs_parse_precision("mpfr", &p) && p == FP_MPFR);
	cr_assert(!knobs_parse_precision("half", &p));
	cr_assert(knobs_parse_combine("racy", &c) && c == FP_COMBINE_RACY);
	cr_assert(!knobs_parse_combine("random", &c));
	cr_assert(knobs_parse_kernel("blas", &k) && k == FP_KERNEL_BLAS);
	cr_assert(!knobs_parse_kernel("", &k));
	cr_assert_null(knobs_order_name(FP_ORDER_COUNT));
}

Test(knobs, checks_reject_out_of_range)
{
	fp_knobs k = knobs_default();
	const unsigned bad_lanes[] = {0, 3, 5, 12, 32};

	for (size_t i = 0; i < sizeof bad_lanes / sizeof bad_lanes[0]; i++) {
		k.lanes = bad_lanes[i];
		cr_assert_eq(knobs_check(&k), FP_ELANES, "lanes %u", bad_lanes[i]);
	}
	k.lanes = 16;
	cr_assert_eq(knobs_check(&k), FP_OK);
	k.threads = 0;
	cr_assert_eq(knobs_check(&k), FP_ETHREADS);
	k.threads = FP_THREADS_MAX + 1;
	cr_assert_eq(knobs_check(&k), FP_ETHREADS);
	k.threads = FP_THREADS_MAX;
	cr_assert_eq(knobs_check(&k), FP_OK);
	k.order = FP_ORDER_COUNT;
	cr_assert_eq(knobs_check(&k), FP_EKNOB);
	cr_assert_eq(knobs_check(NULL), FP_ENULL);
}

Test(knobs, status_messages)
{
	cr_assert_str_eq(status_str(FP_OK), "success");
	cr_assert(strstr(status_str(FP_ELANES), "1, 2, 4, 8 or 16"));
	cr_assert_str_eq(status_str(FP_STATUS_COUNT), "unknown status");
	for (int s = 0; s < FP_STATUS_COUNT; s++)
		cr_assert_gt(strlen(status_str((fp_status)s)), 5);
}
