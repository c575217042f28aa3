/* status.c - messages of the engine's status codes. */
#include "config.h"

#include "arith/status.h"

static const char *const status_messages[] = {
#define FP_STATUS_MSG(name, msg) msg,
    FP_STATUS_LIST(FP_STATUS_MSG)
#undef FP_STATUS_MSG
};

const char *status_str(fp_status st)
{
	if ((unsigned)st >= FP_STATUS_COUNT)
		return "unknown status";
	return status_messages[st];
}
