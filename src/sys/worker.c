/* Child processes that become another user before touching that user's files, and
 * the parent's side: one poll loop over every worker's socket, which shows progress,
 * answers password requests one at a time, enforces the time limit and passes a
 * stop on. */
#include "util/i18n.h"
#include "sys/worker.h"
#include "sys/wire.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* No database (and no home's search) takes a minute: the slowest legitimate case is
 * a database another program keeps busy, retried for about 6 s per open. */
#define WORKER_LIMIT_SECONDS 60

/* A message larger than this is not one a worker of ours sends. */
#define MAX_MESSAGE (64u << 20)

unsigned ff_worker_limit(void)
{
#ifdef FFCERT_TEST_FAULTS
    const char *s = getenv("FFCERT_TEST_TIME_LIMIT");
    if (s && atoi(s) > 0)
        return (unsigned)atoi(s);
#endif
    return WORKER_LIMIT_SECONDS;
}

/* ---- stopping ------------------------------------------------------------------------ */

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t in_worker; /* set first thing in a new worker */
static int channel = -1;  /* in a worker: its socket to the parent */
static pid_t parent_pid;  /* in a worker */

static void kill_workers_now(void);

/* The first signal asks to stop at the next database boundary. A second SIGINT or
 * SIGTERM, in the parent, ends ffcert and its workers at once: the way out of a
 * database NSS never finishes. Not SIGHUP: a hung-up terminal sends it twice (the
 * shell's, then the kernel's). A worker only notes it: Ctrl-C reaches it from the
 * terminal as well as from its parent, and it must finish the database in hand. */
static void on_stop(int sig)
{
    if (!stop_signal) {
        stop_signal = sig;
        return;
    }
    if (in_worker || sig == SIGHUP)
        return;
    kill_workers_now();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* sig now sets the stop flag, unless it was ignored when we started (a background job
 * of a shell script ignores SIGINT: the Ctrl-C is not meant for it). */
static void catch_signal(int sig, bool even_if_ignored)
{
    struct sigaction old, sa;
    if (!even_if_ignored && sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

void ff_stop_on_signals(void)
{
    catch_signal(SIGINT, false);
    catch_signal(SIGTERM, false);
    catch_signal(SIGHUP, false);
}

int ff_stop_requested(void)
{
    if (!stop_signal && channel >= 0 && getppid() != parent_pid)
        stop_signal = SIGTERM;
    return stop_signal;
}

/* ---- the time limit in this process ------------------------------------------------- */

static char limit_message[8192];
static size_t limit_message_len;
static unsigned limit_left; /* seconds, while paused */

static void on_time_limit(int sig)
{
    (void)sig;
    ssize_t n = write(STDERR_FILENO, limit_message, limit_message_len);
    (void)n;
    _exit(1);
}

void ff_time_limit_start(const char *message)
{
    size_t n = strlen(message);
    alarm(0);
    if (n >= sizeof limit_message) { /* a path near PATH_MAX, cut: the line still ends */
        n = sizeof limit_message - 1;
        memcpy(limit_message, message, n - 1);
        limit_message[n - 1] = '\n';
    } else {
        memcpy(limit_message, message, n);
    }
    limit_message_len = n;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_time_limit;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    limit_left = 0;
    alarm(ff_worker_limit());
}

void ff_time_limit_pause(void)
{
    unsigned left = alarm(0);
    if (left)
        limit_left = left;
}

void ff_time_limit_resume(void)
{
    if (limit_left)
        alarm(limit_left);
    limit_left = 0;
}

void ff_time_limit_stop(void)
{
    alarm(0);
    limit_left = 0;
}

/* ---- in a worker --------------------------------------------------------------------- */

bool ff_in_worker(void)
{
    return channel >= 0;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* One message and its newline; a parent that is gone means stop. */
static void send_msg(const struct ff_msg *m)
{
    char *line = ff_msg_encode(m);
    size_t n = strlen(line);
    line = xrealloc(line, n + 2);
    line[n] = '\n';
    if (!write_all(channel, line, n + 1) && !stop_signal)
        stop_signal = SIGTERM;
    explicit_bzero(line, n + 1);
    free(line);
}

void ff_worker_begin(size_t index)
{
    struct ff_msg m = {.kind = FF_MSG_BEGIN, .index = index};
    send_msg(&m);
#ifdef FFCERT_TEST_FAULTS
    /* A slow database, so that tests can stop or signal a worker in the middle of
     * one. */
    const char *pause = getenv("FFCERT_TEST_WORKER_PAUSE");
    if (pause && atoi(pause) > 0) {
        struct timespec ts = {atoi(pause) / 1000, (atoi(pause) % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
#endif
}

void ff_worker_send(struct ff_rowset *rs)
{
    struct ff_msg m = {.kind = FF_MSG_ROWS, .rows = *rs};
    send_msg(&m);
    ff_rowset_free(rs);
}

char *ff_worker_ask(const char *path, const char *app)
{
    if (ff_stop_requested())
        return NULL;
    struct ff_msg m = {.kind = FF_MSG_ASK, .path = (char *)path, .app = (char *)app};
    send_msg(&m);
    /* The answer is the next line: the parent says nothing else. */
    size_t cap = 4096, len = 0;
    char *line = xmalloc(cap);
    for (;;) {
        if (len + 1 == cap)
            xgrow_wiped(&line, &cap);
        ssize_t n = read(channel, line + len, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || line[len] == '\n')
            break;
        len++;
    }
    line[len] = '\0';
    char *answer = NULL;
    struct ff_msg reply;
    if (ff_msg_decode(line, &reply) == 0) {
        if (reply.kind == FF_MSG_ANSWER && reply.answer)
            answer = xstrdup(reply.answer);
        ff_msg_clear(&reply);
    }
    explicit_bzero(line, cap);
    free(line);
    return answer;
}

/* ---- becoming the user ----------------------------------------------------------------- */

/* Becomes `as` for good: groups first, then gid, then uid, and checks that root
 * cannot be regained. */
static int become(const struct ff_identity *as)
{
    int groups = as->name ? initgroups(as->name, as->gid) : setgroups(0, NULL);
    if (groups != 0 || setresgid(as->gid, as->gid, as->gid) != 0 ||
        setresuid(as->uid, as->uid, as->uid) != 0)
        return -1;
    if (as->uid != 0 && (setuid(0) == 0 || geteuid() != as->uid || getegid() != as->gid))
        return -1;
    if (setenv("HOME", as->home, 1) != 0 || unsetenv("XDG_CONFIG_HOME") != 0)
        return -1;
    /* The caller's folder may be unreadable to the user. */
    return chdir("/");
}

/* ---- the parent ------------------------------------------------------------------------ */

struct slot {
    struct ff_job *job;
    pid_t pid;
    int fd;           /* -1 once the worker closed it (or we did) */
    char *buf;        /* what came so far of the next line */
    size_t len, cap;
    double deadline;  /* monotonic seconds */
    size_t begins;    /* databases it said it started */
    bool killed;      /* SIGKILLed for its time */
    bool term_sent;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *who(const struct ff_job *job)
{
    return job->name ? job->name : "?";
}

/* The parent's sockets: a new worker must not inherit its siblings' (another user's
 * rows, or an answer meant for them). */
static struct slot *slots;
static size_t n_slots;

/* From a signal handler: kill() only. */
static void kill_workers_now(void)
{
    for (size_t i = 0; slots && i < n_slots; i++)
        if (slots[i].job && slots[i].pid > 0)
            kill(slots[i].pid, SIGKILL);
}

static void child(struct ff_job *job, int fd, pid_t parent)
{
    in_worker = 1;
    for (size_t i = 0; i < n_slots; i++)
        if (slots[i].job && slots[i].fd >= 0)
            close(slots[i].fd);
    slots = NULL;
    n_slots = 0;
    if (job->as && become(job->as) != 0) {
        fprintf(stderr, _("ffcert: cannot become user %s: %s\n"), who(job), strerror(errno));
        _exit(125);
    }
    /* SIGTERM is how the parent (or its death) stops a worker: always caught. After
     * become(): changing credentials clears the parent-death signal. */
    ff_stop_on_signals();
    catch_signal(SIGTERM, true);
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    channel = fd;
    parent_pid = parent;
    /* Prompts are the parent's: the worker never reads the terminal. */
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        close(null);
    }
    if (!ff_stop_requested())
        job->work(job->ctx);
    _exit(stop_signal ? 128 + stop_signal : 0);
}

static int start(struct slot *s, struct ff_job *job)
{
    int sv[2];
    job->started = true;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        job->error = xasprintf(_("cannot start a worker: %s"), strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        job->error = xasprintf(_("cannot start a worker: %s"), strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        child(job, sv[1], parent);
    }
    close(sv[1]);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    *s = (struct slot){.job = job, .pid = pid, .fd = sv[0],
                       .deadline = now() + ff_worker_limit()};
    return 0;
}

static void close_channel(struct slot *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

static void kill_worker(struct slot *s, const char *why)
{
    kill(s->pid, SIGKILL);
    s->killed = true;
    close_channel(s);
    if (!s->job->error)
        s->job->error = xstrdup(why);
}

static void reply(struct slot *s, char *answer)
{
    struct ff_msg m = {.kind = FF_MSG_ANSWER, .answer = answer};
    char *line = ff_msg_encode(&m);
    size_t n = strlen(line);
    line = xrealloc(line, n + 2);
    line[n] = '\n';
    /* The worker waits for this line with an empty socket: it fits at once. */
    if (s->fd >= 0 && !write_all(s->fd, line, n + 1))
        close_channel(s);
    explicit_bzero(line, n + 1);
    free(line);
    if (answer) {
        explicit_bzero(answer, strlen(answer));
        free(answer);
    }
}

/* One complete line from a worker. */
static void handle(struct slot *s, struct slot *all, size_t n_all, const char *line,
                   const struct ff_job_hooks *hooks)
{
    struct ff_msg m;
    if (ff_msg_decode(line, &m) != 0 || m.kind == FF_MSG_ANSWER) {
        char *why = xasprintf(_("the worker for %s sent a malformed message"), who(s->job));
        kill_worker(s, why);
        free(why);
        if (m.kind == FF_MSG_ANSWER)
            ff_msg_clear(&m);
        return;
    }
    double t = now();
    s->deadline = t + ff_worker_limit();
    size_t max = s->job->max_rows;
    if (max && (m.kind == FF_MSG_ROWS ? s->job->rows.n + m.rows.n > max
                : m.kind == FF_MSG_BEGIN ? m.index >= max || ++s->begins > max : false)) {
        char *why = xasprintf(_("the worker for %s sent a malformed message"), who(s->job));
        kill_worker(s, why);
        free(why);
        ff_msg_clear(&m);
        return;
    }
    switch (m.kind) {
    case FF_MSG_ROWS:
        ff_rowset_take(&s->job->rows, &m.rows);
        break;
    case FF_MSG_BEGIN:
        if (hooks->begin)
            hooks->begin(hooks->ctx, s->job, m.index);
        break;
    case FF_MSG_ASK: {
        char *answer = hooks->ask && !stop_signal ? hooks->ask(hooks->ctx, s->job, m.path, m.app)
                                                  : NULL;
        reply(s, answer);
        /* Nobody's clock runs while a person types. */
        double waited = now() - t;
        for (size_t i = 0; i < n_all; i++)
            if (all[i].job)
                all[i].deadline += waited;
        break;
    }
    case FF_MSG_ANSWER:
        break;
    }
    ff_msg_clear(&m);
}

/* Reads what the worker has sent; handles each complete line. */
static void drain(struct slot *s, struct slot *all, size_t n_all,
                  const struct ff_job_hooks *hooks)
{
    for (;;) {
        if (s->cap - s->len < 65536) {
            s->cap = s->cap ? s->cap * 2 : 131072;
            s->buf = xrealloc(s->buf, s->cap);
        }
        ssize_t n = read(s->fd, s->buf + s->len, s->cap - s->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            close_channel(s);
            return;
        }
        s->len += (size_t)n;
        char *start = s->buf, *nl;
        while (s->fd >= 0 && (nl = memchr(start, '\n', (size_t)(s->buf + s->len - start)))) {
            *nl = '\0';
            handle(s, all, n_all, start, hooks);
            start = nl + 1;
        }
        if (s->fd < 0)
            return;
        s->len -= (size_t)(start - s->buf);
        memmove(s->buf, start, s->len);
        if (s->len > MAX_MESSAGE) {
            char *why = xasprintf(_("the worker for %s sent a malformed message"), who(s->job));
            kill_worker(s, why);
            free(why);
            return;
        }
    }
}

/* The worker has ended: why, if it did not finish. */
static void ended(struct slot *s, int status)
{
    struct ff_job *job = s->job;
    free(s->buf);
    if (job->error)
        return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (WIFSIGNALED(status) && job->name)
        job->error = xasprintf(_("the worker for %s was killed by signal %d"), job->name,
                               WTERMSIG(status));
    else if (WIFSIGNALED(status))
        job->error = xasprintf(_("a worker was killed by signal %d"), WTERMSIG(status));
    else if (code == 125)
        job->error = xasprintf(_("cannot become user %s"), who(job));
    else if (code > 128 && job->name)
        job->error = xasprintf(_("the worker for %s was stopped by signal %d"), job->name,
                               code - 128);
    else if (code > 128)
        job->error = xasprintf(_("a worker was stopped by signal %d"), code - 128);
    else if (job->name)
        job->error = xasprintf(_("the worker for %s ended without a result (status %d)"),
                               job->name, code);
    else
        job->error = xasprintf(_("a worker ended without a result (status %d)"), code);
}

void ff_jobs_run(struct ff_job *jobs, size_t n, size_t parallel, const struct ff_job_hooks *hooks)
{
    if (parallel < 1)
        parallel = 1;
    /* Inherited as ignored, SIGCHLD would let the kernel reap the workers and take
     * their exit statuses with them. */
    signal(SIGCHLD, SIG_DFL);
    struct slot *s = xcalloc(parallel, sizeof *s);
    slots = s;
    n_slots = parallel;
    size_t next = 0, live = 0;
    struct pollfd *pfd = xcalloc(parallel, sizeof *pfd);
    for (;;) {
        int stop = ff_stop_requested();
        for (size_t k = 0; k < parallel && !stop && next < n; k++) {
            if (s[k].job)
                continue;
            if (start(&s[k], &jobs[next++]) == 0)
                live++;
            else
                s[k].job = NULL;
        }
        if (stop)
            next = n; /* the rest never starts */
        if (live == 0 && next >= n)
            break;
        double t = now(), wake = t + 3600;
        size_t np = 0;
        bool reaping = false;
        for (size_t k = 0; k < parallel; k++) {
            if (!s[k].job)
                continue;
            if (stop && !s[k].term_sent) {
                /* Finish the database in hand, then stop: never in the middle of one. */
                kill(s[k].pid, SIGTERM);
                s[k].term_sent = true;
                if (s[k].deadline > t + ff_worker_limit())
                    s[k].deadline = t + ff_worker_limit();
            }
            if (s[k].fd >= 0)
                pfd[np++] = (struct pollfd){.fd = s[k].fd, .events = POLLIN};
            else
                reaping = true;
            if (s[k].deadline < wake)
                wake = s[k].deadline;
        }
        double wait = reaping ? 0.02 : wake - t;
        if (wait < 0)
            wait = 0;
        poll(pfd, np, (int)(wait * 1000) + 1);
        for (size_t k = 0; k < parallel; k++) {
            struct slot *x = &s[k];
            if (!x->job)
                continue;
            if (x->fd >= 0)
                drain(x, s, parallel, hooks);
            if (x->fd >= 0 && now() >= x->deadline) {
                char *timed_out = x->job->name
                                ? xasprintf(_("timed out: the worker for %s did nothing for %u s "
                                              "and was stopped"), x->job->name, ff_worker_limit())
                                : xasprintf(_("timed out: a worker did nothing for %u s and was "
                                              "stopped"), ff_worker_limit());
                kill_worker(x, timed_out);
                free(timed_out);
            }
            if (x->fd >= 0)
                continue;
            /* Its socket is closed: it is ending (or we killed it). */
            int status = 0;
            pid_t r = waitpid(x->pid, &status, WNOHANG);
            if (r == 0 && now() >= x->deadline + 5) {
                kill(x->pid, SIGKILL); /* closed its socket but lingers */
                x->deadline = now();
            }
            if (r < 0 && errno == ECHILD && !x->job->error)
                x->job->error = xasprintf(_("the worker for %s: its exit status was lost"),
                                          who(x->job));
            if (r == x->pid || (r < 0 && errno == ECHILD)) {
                ended(x, status);
                memset(x, 0, sizeof *x);
                x->fd = -1;
                live--;
            }
        }
    }
    free(pfd);
    slots = NULL;
    n_slots = 0;
    free(s);
}

void ff_job_clear(struct ff_job *job)
{
    ff_rowset_free(&job->rows);
    free(job->error);
    job->error = NULL;
}
