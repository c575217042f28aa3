/* status.h - recoverable errors of the arithmetic engine.
 *
 * The codes and their messages come from one X-macro so they can never drift apart (tig's
 * error list). Functions that can fail return fp_status; FP_OK is zero.
 */
#ifndef FPDRIFT_STATUS_H
#define FPDRIFT_STATUS_H

#define FP_STATUS_LIST(X)                                                                          \
	X(FP_OK, "success")                                                                        \
	X(FP_ENULL, "a NULL array was passed with a nonzero length")                               \
	X(FP_ELANES, "lanes must be 1, 2, 4, 8 or 16")                                             \
	X(FP_ETHREADS, "threads must be between 1 and 256")                                        \
	X(FP_EBITS, "the MPFR precision must be between 2 and 65536 bits")                         \
	X(FP_EKNOB, "a knob has a value outside its range")                                        \
	X(FP_EDIGITS, "the mitigation needs N between 1 and the precision's own digits or bits")   \
	X(FP_ETHREAD, "a worker thread could not be started")                                      \
	X(FP_ENAN, "the value is NaN, so no ulp distance is counted")                              \
	X(FP_EINF, "one value is infinite and the other is not, so no ulp distance is counted")

typedef enum {
#define FP_STATUS_ENUM(name, msg) name,
	FP_STATUS_LIST(FP_STATUS_ENUM)
#undef FP_STATUS_ENUM
	    FP_STATUS_COUNT
} fp_status;

/* The message for a status, never NULL: status_str(FP_ELANES) -> "lanes must be 1, 2, ..." */
const char *status_str(fp_status st);

#endif
