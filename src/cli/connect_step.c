/*
 * connect_step.c - one key before each flight of `tlssim connect`: raw mode
 * for the key only, the socket watched meanwhile, the terminal restored on
 * every way out.
 */
#include "cli/connect_step.h"

#include "base/die.h"
#include "cli/cli.h"
#include "net/net_sock.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define ESCAPE_TAIL_MS 50      /* how long the rest of an arrow key's sequence may take */

static struct termios saved_termios;
static volatile sig_atomic_t raw_active;
static int64_t wait_started_ms;
static char gone_reason[240];

/* Give the terminal its saved settings back if raw mode is on (async-signal-safe). */
static void restore_terminal(void)
{
    if (raw_active) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
        raw_active = 0;
    }
}

/* Ctrl-C or SIGTERM: give the terminal back and end as the rest of tlssim does. */
static void on_signal(int signo)
{
    restore_terminal();
    (void)!write(STDOUT_FILENO, "\n", 1);
    _exit(128 + signo);
}

void connect_step_begin(void)
{
    cli_catch_stop(on_signal);
    die_set_hook(restore_terminal);
}

/* Raw mode for one key: no line editing, no echo; Ctrl-C still signals.
 * 0, or -1 when stdin is no terminal. */
static int enter_raw(void)
{
    struct termios raw;

    if (tcgetattr(STDIN_FILENO, &saved_termios) != 0)
        return -1;
    raw = saved_termios;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    raw_active = 1;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0) {
        raw_active = 0;
        return -1;
    }
    return 0;
}

/* Read what the key sent: an escape sequence whole when its tail follows
 * quickly; the bytes read, 0 at end of input, -1 on an error. */
static ssize_t read_key(char *key, size_t size)
{
    ssize_t n = read(STDIN_FILENO, key, 1);

    if (n <= 0 || key[0] != '\033')
        return n;
    struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
    size_t len = 1;
    while (len < size - 1 && poll(&pfd, 1, ESCAPE_TAIL_MS) > 0) {
        ssize_t more = read(STDIN_FILENO, key + len, 1);
        if (more <= 0)
            break;
        len++;
        if (len >= 3 && key[len - 1] >= 'A' && key[len - 1] <= '~')
            break;
    }
    return (ssize_t)len;
}

/* What the key means: send, quit, the end of input, or nothing (-1). */
static int key_meaning(const char *key, ssize_t len)
{
    if (len == 1 && (key[0] == '\r' || key[0] == '\n'))
        return CONNECT_STEP_SEND;
    if (len == 1 && (key[0] == 'q' || key[0] == 'Q'))
        return CONNECT_STEP_QUIT;
    if (len == 1 && key[0] == '\004')   /* Ctrl-D: raw mode reads it as a byte, not an end */
        return CONNECT_STEP_EOF;
    if (len == 3 && key[0] == '\033' && (key[1] == '[' || key[1] == 'O') && key[2] == 'C')
        return CONNECT_STEP_SEND;
    return -1;
}

enum connect_step_answer connect_step_wait(int sock, const char *heading, const char *what)
{
    enum connect_step_answer answer = CONNECT_STEP_ERROR;

    printf("\n%s — press → or Enter to send, q to quit\n  ready, not sent yet: %s\n",
           heading, what);
    fflush(stdout);
    wait_started_ms = net_now_ms();
    if (enter_raw() != 0)
        return CONNECT_STEP_ERROR;
    for (;;) {
        struct pollfd pfd[2] = {{STDIN_FILENO, POLLIN, 0}, {sock, POLLIN, 0}};
        int n = poll(pfd, 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        if (pfd[1].revents != 0) {
            answer = CONNECT_STEP_PEER;
            break;
        }
        if (pfd[0].revents == 0)
            continue;
        char key[8];
        ssize_t len = read_key(key, sizeof key);
        if (len == 0 || (len < 0 && errno != EINTR && errno != EAGAIN)) {
            answer = len == 0 ? CONNECT_STEP_EOF : CONNECT_STEP_ERROR;
            break;
        }
        int meaning = len > 0 ? key_meaning(key, len) : -1;
        if (meaning >= 0) {
            answer = (enum connect_step_answer)meaning;
            break;
        }
    }
    restore_terminal();
    return answer;
}

const char *connect_step_ask(int sock, const char *heading, const char *what,
                             const struct connect_step_stops *stops, bool *peer_ready)
{
    switch (connect_step_wait(sock, heading, what)) {
    case CONNECT_STEP_SEND:
        return NULL;
    case CONNECT_STEP_PEER:
        *peer_ready = true;
        return NULL;
    case CONNECT_STEP_QUIT:
        return stops->quit;
    case CONNECT_STEP_EOF:
        return stops->eof;
    case CONNECT_STEP_ERROR:
        break;
    }
    return stops->unreadable;
}

int64_t connect_step_waited_s(void)
{
    return (net_now_ms() - wait_started_ms + 500) / 1000;
}

const char *connect_step_gone_reason(void)
{
    snprintf(gone_reason, sizeof gone_reason, "the server stopped waiting after %lld seconds: "
             "a real server does not wait for a person; start again with a longer --timeout "
             "on serve, or press → sooner", (long long)connect_step_waited_s());
    return gone_reason;
}
