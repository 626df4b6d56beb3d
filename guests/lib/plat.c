/*
 * plat.c — the Xen PV guest side of <plat.h>.
 */
#include <plat.h>
#include <console.h>
#include <kernel.h>
#include <xencons.h>

void plat_write(const char *s, size_t n)
{
    /* The console ring once a back end serves it; console_io before that (and for
     * a domain with no back end at all). */
    if (xencons_init() == 0 && xencons_connected())
        xencons_write(s, n);
    else
        console_write(s, n);
}

void plat_exit(int code)
{
    if (code == 0)
        poweroff();
    printf("exit code %d\n", code);
    crash();
}

const char *plat_cmdline(void)
{
    /* The builder NUL-terminates it; make sure rather than read past the page. */
    xen_start_info->cmd_line[MAX_GUEST_CMDLINE - 1] = '\0';
    return xen_start_info->cmd_line;
}

/*
 * A guest that defines kmain() itself overrides this weak one. A portable program
 * defines only plat_main(), which is referenced weakly so that kernels without it
 * still link.
 */
extern int plat_main(void) __weak;

__weak void kmain(void)
{
    if (!plat_main) {
        printf("guest defines neither kmain() nor plat_main()\n");
        crash();
    }
    plat_exit(plat_main());
}
