/* fuzz_cli.c - libFuzzer target: the command line of `fpdrift run` and of the explorer (one
 * parser, the options generated from the knob, precision and workload tables), and the
 * generator specs of --generate.
 *
 * Input: one byte choosing the command (even: run, odd: the explorer), then the arguments
 * separated by NUL bytes. Every parse must end in 0, CLI_EXIT_DONE or 2 with a message. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "dataset/dataset.h"

#define ARGS_MAX 64

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!freopen("/dev/null", "w", stdout)) /* --help and --version print there */
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char run_name[] = "run", explorer_name[] = "fpdrift";
	char *copy, *argv[ARGS_MAX + 2], err[512];
	int argc = 1, rc;
	cli_run run;

	if (size < 1)
		return 0;
	copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	argv[0] = data[0] & 1 ? explorer_name : run_name;
	for (char *p = copy; p < copy + size - 1 && argc <= ARGS_MAX; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	err[0] = '\0';
	rc = cli_parse(argc, argv, &run, err, sizeof err);
	if (rc != 0 && rc != CLI_EXIT_DONE && !(rc == 2 && err[0]))
		abort();
	if (rc == 0 && run.generate) {
		/* every spec is checked; the data made only where it is small (a valid spec may
		 * ask for GEN_ROWS_MAX x GEN_COLS_MAX values) */
		size_t rows, cols;
		dataset d;

		err[0] = '\0';
		rc = gen_size(run.generate, &rows, &cols, err, sizeof err);
		if (rc != 0 && !(rc == DATA_EUSAGE && err[0]))
			abort();
		if (rc == 0 && rows * cols <= 100000) {
			if (gen_make(run.generate, &d, err, sizeof err) != 0 || d.rows != rows ||
			    d.cols != cols)
				abort();
			dataset_clear(&d);
		}
	}
	free(copy);
	return 0;
}
