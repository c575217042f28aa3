/* schema_check.c - `schema-check SCHEMA FILE...`: validate JSON reports from the shell tests. */
#include "config.h"

#include <stdio.h>

#include "schema.h"

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: schema-check SCHEMA FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char err[512];

		if (schema_validate_files(argv[1], argv[i], err, sizeof err)) {
			fprintf(stderr, "%s: %s\n", argv[i], err);
			rc = 1;
		}
	}
	return rc;
}
