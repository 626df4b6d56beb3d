/*
 * conecho — reads lines from the PV console ring and echoes them back in capitals,
 * until it reads "quit" (an interactive demo for `pvwasm console`, and the test of
 * the ring's input direction). It sleeps on the console event channel between lines.
 */
#include <console.h>
#include <events.h>
#include <kernel.h>
#include <plat.h>
#include <string.h>
#include <test.h>
#include <xencons.h>

static volatile unsigned long kicks;

static void on_console(evtchn_port_t port, void *data)
{
    (void)port; (void)data;
    kicks++;
}

/* Waits for input; returns the next byte (reading what is there in one go). */
static char getc_blocking(void)
{
    static char buf[64];
    static size_t len, pos;

    while (pos == len) {
        local_irq_disable();
        pos = 0;
        len = xencons_read(buf, sizeof(buf));
        if (len == 0)
            block_domain();
        local_irq_enable();
    }
    return buf[pos++];
}

void kmain(void)
{
    char line[128];
    unsigned int n = 0, lines = 0;

    if (events_init())
        test_error("cannot set up events");
    if (xencons_init() || !xencons_connected())
        test_skip("no console back end serves the ring");
    bind_evtchn_handler(xen_start_info->console.domU.evtchn, on_console, NULL);
    local_irq_enable();
    printf("conecho: type lines, 'quit' ends\n> ");
    for (;;) {
        char c = getc_blocking();
        if (c == '\r' || c == '\n') {
            line[n] = '\0';
            if (strcmp(line, "quit") == 0)
                break;
            for (unsigned int i = 0; i < n; i++)
                if (line[i] >= 'a' && line[i] <= 'z')
                    line[i] = (char)(line[i] - 'a' + 'A');
            printf("\n%s\n> ", line);
            n = 0;
            lines++;
        } else if ((c == 0x7f || c == '\b') && n > 0) {
            n--;
            printf("\b \b");   /* terminals send DEL for backspace */
        } else if (c >= 0x20 && c < 0x7f && n + 1 < sizeof(line)) {
            line[n++] = c;
            printf("%c", c);   /* no terminal echoes for us: show what was typed */
        }
    }
    printf("\nconecho: %u lines\n", lines);
    test_success();
}
