/* options.h - the command line of fpdrift run and of the explorer, from the tables.
 *
 * The options come from three tables: the knob registry (explore/knob.h: --order, --threads,
 * ...), each workload's parameter table (workload/workload.h: -k, --epochs, ...), and this
 * module's own options (data, precisions, output, the gate). --help is generated from the same
 * tables, so it cannot leave one out.
 *
 *   cli_run run;
 *   int rc = cli_parse(argc, argv, &run, err, sizeof err);
 *   (0: run.sc is ready but for its data; CLI_EXIT_DONE: --help or --version was printed;
 *    2: a usage error, message in err)
 */
#ifndef FPDRIFT_CLI_OPTIONS_H
#define FPDRIFT_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "explore/runner.h"
#include "report/report.h"

/* cli_parse's status when --help or --version has been printed: exit 0 at once. */
#define CLI_EXIT_DONE (-1)

/* The CI gate: the bounds a report must keep; negative means no bound. */
typedef struct cli_gate {
	double max_ulps, max_flips, max_std;
	double min_digits; /* an output of a random rounding's samples has fewer significant
	                    * decimal digits (sigdig.h) */
} cli_gate;

typedef struct cli_run {
	scenario sc;          /* all but sc.data, which the caller loads */
	const char *data;     /* --data (borrowed from argv), or NULL */
	const char *generate; /* --generate, or NULL */
	const char *columns;  /* --columns, or NULL */
	bool allow_nonfinite;
	bool force;              /* --force: run whatever the resource estimate says */
	bool estimate_only;      /* --estimate: print the estimate and exit */
	const char *outpath;     /* -o, or NULL: standard output */
	const char *format_name; /* --format as given, or NULL */
	report_format fmt;       /* --format, else text */
	cli_gate gate;
	bool has_against; /* --against: compare every run with its run A */
	knob_against against;
	const char *against_spec; /* as given */
	char why[300]; /* an option's own reason for refusing its value, said instead of what
	                * the option wants in general ("" when it has none) */
} cli_run;

/* Parse the options of `fpdrift run` (argv[0] is "run") or of the explorer (argv[0] is the
 * program). 0, CLI_EXIT_DONE, or 2 with a one-line message in err. */
int cli_parse(int argc, char **argv, cli_run *run, char *err, size_t errsize);
/* Write --help: every option of every table. */
void cli_usage(FILE *f);

#endif
