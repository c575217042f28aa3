/* schema.h - a validator for the part of JSON Schema (2020-12) that the report schema uses:
 * type (one or a list, "integer" included), enum, const, minimum, maximum, pattern (POSIX
 * extended), required, properties, additionalProperties false, items. Written for the tests. */
#ifndef FPDRIFT_TEST_SCHEMA_H
#define FPDRIFT_TEST_SCHEMA_H

#include <stddef.h>

#include <jansson.h>

/* 0 when doc satisfies schema; else -1 with the first violation, as a JSON path, in err. */
int schema_validate(json_t *schema, json_t *doc, char *err, size_t errsize);
/* The same for files; -1 also when one cannot be read. */
int schema_validate_files(const char *schema_path, const char *doc_path, char *err, size_t errsize);

#endif
