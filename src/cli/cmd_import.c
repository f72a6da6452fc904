/* ffcert import: what Firefox's Certificate Manager "Authorities > Import" does. */
#include "cli/cli.h"

int ff_cmd_import(int argc, char **argv)
{
    return ff_run_action(ff_find_command("import"), FF_ACTION_IMPORT, argc, argv);
}
