/* ffcert status: is the certificate there, with the expected trust? Writes nothing. */
#include "cli/cli.h"

int ff_cmd_status(int argc, char **argv)
{
    return ff_run_action(ff_find_command("status"), FF_ACTION_STATUS, argc, argv);
}
