/* schema.c - the JSON Schema subset validator; see schema.h. */
#include "config.h"

#include "schema.h"

#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool type_is(json_t *v, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(v);
	if (!strcmp(t, "array"))
		return json_is_array(v);
	if (!strcmp(t, "string"))
		return json_is_string(v);
	if (!strcmp(t, "integer"))
		return json_is_integer(v) ||
		       (json_is_real(v) && !(json_real_value(v) > floor(json_real_value(v))));
	if (!strcmp(t, "number"))
		return json_is_number(v);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(v);
	if (!strcmp(t, "null"))
		return json_is_null(v);
	return false;
}

static int check(json_t *s, json_t *v, const char *path, char *err, size_t n)
{
	json_t *t = json_object_get(s, "type"), *x;
	char sub[512];

	if (t) {
		bool ok = false;
		size_t i;
		json_t *e;

		if (json_is_string(t))
			ok = type_is(v, json_string_value(t));
		json_array_foreach(t, i, e) ok |= type_is(v, json_string_value(e));
		if (!ok) {
			snprintf(err, n, "%s: wrong type", path);
			return -1;
		}
	}
	if ((x = json_object_get(s, "const")) && !json_equal(x, v)) {
		snprintf(err, n, "%s: not the constant", path);
		return -1;
	}
	if ((x = json_object_get(s, "enum"))) {
		bool found = false;
		size_t i;
		json_t *e;

		json_array_foreach(x, i, e) found |= json_equal(e, v);
		if (!found) {
			snprintf(err, n, "%s: not one of the enumerated values", path);
			return -1;
		}
	}
	if ((x = json_object_get(s, "minimum")) && json_is_number(v) &&
	    json_number_value(v) < json_number_value(x)) {
		snprintf(err, n, "%s: below the minimum", path);
		return -1;
	}
	if ((x = json_object_get(s, "maximum")) && json_is_number(v) &&
	    json_number_value(v) > json_number_value(x)) {
		snprintf(err, n, "%s: above the maximum", path);
		return -1;
	}
	if ((x = json_object_get(s, "pattern")) && json_is_string(v)) {
		regex_t re;
		int miss;

		if (regcomp(&re, json_string_value(x), REG_EXTENDED | REG_NOSUB)) {
			snprintf(err, n, "%s: bad pattern in the schema", path);
			return -1;
		}
		miss = regexec(&re, json_string_value(v), 0, NULL, 0);
		regfree(&re);
		if (miss) {
			snprintf(err, n, "%s: '%s' does not match the pattern", path,
			         json_string_value(v));
			return -1;
		}
	}
	if (json_is_object(v)) {
		json_t *props = json_object_get(s, "properties"),
		       *req = json_object_get(s, "required");
		json_t *addl = json_object_get(s, "additionalProperties"), *e;
		const char *key;
		size_t i;

		json_array_foreach(req, i, e) if (!json_object_get(v, json_string_value(e)))
		{
			snprintf(err, n, "%s: '%s' is required", path, json_string_value(e));
			return -1;
		}
		json_object_foreach(v, key, e)
		{
			json_t *ps = props ? json_object_get(props, key) : NULL;

			snprintf(sub, sizeof sub, "%s.%s", path, key);
			if (!ps && json_is_false(addl)) {
				snprintf(err, n, "%s: not allowed", sub);
				return -1;
			}
			if (ps && check(ps, e, sub, err, n))
				return -1;
		}
	}
	if (json_is_array(v) && (x = json_object_get(s, "items"))) {
		size_t i;
		json_t *e;

		json_array_foreach(v, i, e)
		{
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (check(x, e, sub, err, n))
				return -1;
		}
	}
	return 0;
}

int schema_validate(json_t *schema, json_t *doc, char *err, size_t errsize)
{
	return check(schema, doc, "$", err, errsize);
}

int schema_validate_files(const char *schema_path, const char *doc_path, char *err, size_t errsize)
{
	json_error_t je;
	json_t *s = json_load_file(schema_path, 0, &je), *d;
	int rc;

	if (!s) {
		snprintf(err, errsize, "%s:%d: %s", schema_path, je.line, je.text);
		return -1;
	}
	d = json_load_file(doc_path, 0, &je);
	if (!d) {
		snprintf(err, errsize, "%s:%d: %s", doc_path, je.line, je.text);
		json_decref(s);
		return -1;
	}
	rc = schema_validate(s, d, err, errsize);
	json_decref(s);
	json_decref(d);
	return rc;
}
