/* ffcert remove: delete the certificate, found by its DER, never by nickname. */
#include "cli/cli.h"

int ff_cmd_remove(int argc, char **argv)
{
    return ff_run_action(ff_find_command("remove"), FF_ACTION_REMOVE, argc, argv);
}
