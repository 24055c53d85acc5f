/*
 * summ: the thin client. Reads articles from files (or stdin), sends them to
 * summd as one cluster over its Unix socket with libcurl, and prints the
 * summary one sentence per line. It links neither the engine nor libevent;
 * everything it knows of summarizing is the daemon's JSON answer.
 */
#define _GNU_SOURCE /* asprintf */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

/* sysexits.h values, spelled out: the codes are part of the interface. */
#define EX_OK_       0
#define EX_USAGE_    64
#define EX_DATAERR_  65
#define EX_NOINPUT_  66
#define EX_UNAVAIL_  69
#define EX_SOFTWARE_ 70
#define EX_IOERR_    74
#define EX_TEMPFAIL_ 75
#define EX_NOPERM_   77

#define ID_MAX          256 /* bytes of a document's id, as summd takes it */
#define SINCE_MAX       9007199254740992.0 /* 2^53, summd's largest */
#define DEFAULT_SOCKET  "/run/summd/summd.sock"
#define CONNECT_TIMEOUT 5L    /* seconds */
#define TOTAL_TIMEOUT   300L  /* seconds */
#define EXPECT_MIN      65536 /* bytes of body past which to ask first */

struct buf {
	char *p;
	size_t len, cap;
};

/* One article and where it came from, to name it in errors. */
struct article {
	const char *name;
	char *text;
	size_t len;
};

struct opts {
	const char *socket;
	const char *length_key;
	double length;
	const char *query;
	const char *language;
	const char *order;
	const char *input;
	const char *since;        /* summ summary --since REV */
	const char *length_given; /* the length option given, if any */
	const char *shaping;      /* the first option that shapes a summary */
	int json, verbose;
};

static const char *progname = "summ";

static void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
warnx_(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: summ [options] FILE...      summarize the files as one "
	    "cluster\n"
	    "       summ [options] --input DOCS.json\n"
	    "       summ [-S SOCKET] health\n"
	    "       summ add CLUSTER FILE...   store the files in CLUSTER "
	    "(id: file name)\n"
	    "       summ --input DOCS.json add CLUSTER   store documents with "
	    "ids, titles, dates\n"
	    "       summ [options] summary CLUSTER [--since REV]\n"
	    "       summ list [CLUSTER]        clusters, or one cluster's "
	    "articles\n"
	    "       summ rm CLUSTER [ID...]    drop a cluster, or articles "
	    "from it\n"
	    "       summ cat CLUSTER ID        a stored article's text\n"
	    "       summ idf import FILE...    count articles into the "
	    "learned IDF\n"
	    "       summ idf                   the learned IDF's size\n"
	    "\n"
	    "  -n, --sentences N   summary length in sentences (default 5)\n"
	    "  -w, --words N       ... in words\n"
	    "  -b, --bytes N       ... in bytes\n"
	    "      --ratio R       ... as a fraction of the sentences (0-1]\n"
	    "  -q, --query TEXT    focus the summary on TEXT\n"
	    "  -l, --language L    auto (default) or a code: en, de, zh...\n"
	    "  -o, --order O       chronological (default), score or input\n"
	    "      --since REV     summary: only what is new since revision "
	    "REV\n"
	    "      --input FILE    documents as JSON (the API's documents "
	    "array, a\n"
	    "                      request body's documents, or one "
	    "document object\n"
	    "                      per line)\n"
	    "      --json          print summd's answer as it came\n"
	    "  -v, --verbose       each sentence with its file, offset and "
	    "score\n"
	    "  -S, --socket PATH   summd's socket (default: $SUMMD_SOCKET, "
	    "then\n"
	    "                      " DEFAULT_SOCKET
	    ", then $XDG_RUNTIME_DIR/summd.sock)\n"
	    "  -h, --help          this help\n"
	    "\n"
	    "FILE - reads standard input. A file named like a subcommand is "
	    "given as ./add.\n"
	    "Exit: 0 ok, 64 usage, 65 bad input, 66 no such file, cluster or "
	    "article,\n"
	    "      69 summd not reachable (or no store),\n"
	    "      70 summd error, 74 output not written, 75 summd busy "
	    "(retry),\n"
	    "      77 permission denied.\n");
}

static int
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t cap;
	char *np;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 8192;
		while (cap < b->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
		if ((np = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Read a whole file ("-": stdin). Returns 0, or an exit code. */
static int
read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t r;
	int fd, e;

	memset(b, 0, sizeof(*b));
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		/* Unreadable for its mode too: 66, as summ.1 and sysexits.h
		 * have it (77 is the socket's, for higher permissions). */
		e = errno; /* before the message's stdio can change it */
		warnx_("%s: %s", path, strerror(e));
		return EX_NOINPUT_;
	}
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (buf_add(b, chunk, (size_t)r) != 0) {
			r = -1;
			errno = ENOMEM;
			break;
		}
	}
	if (r == -1) {
		warnx_("%s: %s", path, strerror(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		free(b->p);
		memset(b, 0, sizeof(*b));
		return EX_NOINPUT_;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	/* An empty file is an empty string, not no string. */
	if (b->p == NULL) {
		if ((b->p = calloc(1, 1)) == NULL)
			return EX_SOFTWARE_;
		b->cap = 1;
	}
	return 0;
}

/* The offset of the first byte that is not UTF-8 (RFC 3629), or -1. */
static long long
utf8_bad(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned c, min;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return (long long)i; /* JSON text cannot carry it */
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, c &= 0x1f, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, c &= 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, c &= 0x07, min = 0x10000;
		else
			return (long long)i;
		if (len - i <= n)
			return (long long)i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (long long)i;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return (long long)i;
		i += n + 1;
	}
	return -1;
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	return buf_add(arg, p, size * n) == 0 ? size * n : 0;
}

static const char *
pick_socket(const char *flag)
{
	static char xdg[4096];
	const char *s;
	struct stat st;

	if (flag != NULL)
		return flag;
	if ((s = getenv("SUMMD_SOCKET")) != NULL && *s != '\0')
		return s;
	/* An empty XDG_RUNTIME_DIR is none (as the XDG spec has it), not
	 * the root: "/summd.sock" is nobody's. */
	if (stat(DEFAULT_SOCKET, &st) == 0 ||
	    (s = getenv("XDG_RUNTIME_DIR")) == NULL || *s == '\0')
		return DEFAULT_SOCKET;
	snprintf(xdg, sizeof(xdg), "%s/summd.sock", s);
	return xdg;
}

/* Why the socket could not be reached, said for a person. */
static int
unreachable(const char *sock, long os_errno, const char *what)
{
	struct stat st;
	struct group *gr;

	if (os_errno == EACCES || os_errno == EPERM) {
		if (stat(sock, &st) == 0 && (gr = getgrgid(st.st_gid)) != NULL)
			warnx_("%s: permission denied (the socket belongs to "
			       "group %s; are you in it?)",
			    sock, gr->gr_name);
		else
			warnx_("%s: permission denied", sock);
		return EX_NOPERM_;
	}
	warnx_("cannot reach summd at %s: %s (is summd running? choose the "
	       "socket with -S or $SUMMD_SOCKET)",
	    sock, os_errno != 0 ? strerror((int)os_errno) : what);
	return EX_UNAVAIL_;
}

/*
 * Why a connect to sock fails, asked of the socket itself: 0 if it does
 * not. curl takes the EAGAIN of a full backlog (summd at max_connections,
 * and as many more waiting) for a connect in progress, then fails with
 * no errno, as if nothing were there.
 */
static int
connect_errno(const char *sock)
{
	struct sockaddr_un sun;
	int fd, e = 0;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		e = errno;
	close(fd);
	return e;
}

/* How long to wait for an answer, in seconds: $SUMM_TIMEOUT, a whole
 * number from 1, if set, else TOTAL_TIMEOUT; -1 if it is set to anything
 * else (main refuses it). */
static long
answer_timeout(void)
{
	const char *s = getenv("SUMM_TIMEOUT");
	char *end;
	long t;

	if (s == NULL || *s == '\0')
		return TOTAL_TIMEOUT;
	errno = 0;
	t = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || t < 1)
		return -1;
	return t;
}

/* One HTTP exchange. Returns 0 with *status and body set, or an exit code. */
static int
http(const char *sock, const char *method, const char *path, const char *body,
    size_t len, long *status, struct buf *out)
{
	static const char host[] = "http://localhost";
	struct curl_slist *hdr = NULL;
	long os_errno = 0;
	double connected = 0;
	CURLcode rc;
	char *url;
	CURL *c;

	memset(out, 0, sizeof(*out));
	/* As long as the path: a cut one would name another article. */
	if ((url = malloc(sizeof(host) + strlen(path))) == NULL)
		return EX_SOFTWARE_;
	memcpy(url, host, sizeof(host) - 1);
	memcpy(url + sizeof(host) - 1, path, strlen(path) + 1);
	if ((c = curl_easy_init()) == NULL) {
		free(url);
		return EX_SOFTWARE_;
	}
	curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, sock);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, answer_timeout());
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		/* A large body waits for summd's 100 Continue, so that one
		 * over its max_body is refused (413) before it is sent:
		 * sent at once, libevent answers and closes while curl
		 * still writes, and curl sees only a broken pipe. A small
		 * one is not worth the round trip. */
		hdr = curl_slist_append(
		    hdr, len > EXPECT_MIN ? "Expect: 100-continue" : "Expect:");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(
		    c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	else {
		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
		curl_easy_getinfo(c, CURLINFO_CONNECT_TIME, &connected);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	free(url);
	if (rc == CURLE_OK)
		return 0;
	free(out->p);
	out->p = NULL;
	if (rc == CURLE_COULDNT_CONNECT && os_errno == 0)
		os_errno = connect_errno(sock);
	/* Something listens there (now, or with its backlog full): busy. */
	if (rc == CURLE_COULDNT_CONNECT &&
	    (os_errno == 0 || os_errno == EAGAIN)) {
		warnx_("summd at %s is busy: its connections and the "
		       "backlog of those waiting are full; try again later",
		    sock);
		return EX_TEMPFAIL_;
	}
	/* Reached, then left without an answer: summd stopped or died
	 * during the request. "Is summd running?" would have the user look
	 * for the wrong fault; still 69, as it is not there to answer. */
	if (rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_SEND_ERROR) {
		warnx_("summd at %s closed the connection without an answer "
		       "(%s): it stopped or failed during the request; see "
		       "its log",
		    sock,
		    os_errno != 0 ? strerror((int)os_errno)
				  : curl_easy_strerror(rc));
		return EX_UNAVAIL_;
	}
	/* Connected, and no answer in time: summd is there, stuck or slow
	 * (a request_timeout above ours), not missing. */
	if (rc == CURLE_OPERATION_TIMEDOUT && connected > 0) {
		warnx_("summd at %s did not answer within %ld s: it is stuck, "
		       "or the request takes longer (set SUMM_TIMEOUT); see "
		       "its log",
		    sock, answer_timeout());
		return EX_TEMPFAIL_;
	}
	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT)
		return unreachable(sock, os_errno, curl_easy_strerror(rc));
	warnx_("%s: %s", sock, curl_easy_strerror(rc));
	return EX_SOFTWARE_;
}

/* "documents[12].text" -> 12, or -1. */
static long
field_document(const char *field)
{
	char *end;
	long i;

	if (field == NULL || strncmp(field, "documents[", 10) != 0)
		return -1;
	i = strtol(field + 10, &end, 10);
	return *end == ']' && i >= 0 ? i : -1;
}

/*
 * The exit status for summd's refusal: busy 75; no such cluster or
 * article 66 (as for a missing file); no store at all 69 (the service
 * is not there); another 4xx 65; anything else 70.
 */
static long
exit_for(long status, const char *code)
{
	if (status == 503)
		return EX_TEMPFAIL_;
	if (status == 404 && code != NULL && strcmp(code, "not_found") == 0)
		return EX_NOINPUT_;
	if (status == 404 && code != NULL && strcmp(code, "no_store") == 0)
		return EX_UNAVAIL_;
	if (status >= 400 && status < 500)
		return EX_DATAERR_;
	return EX_SOFTWARE_;
}

/* The index of the longest of a[0, na), na > 0. */
static size_t
largest(const struct article *a, size_t na)
{
	size_t i, k = 0;

	for (i = 1; i < na; i++)
		if (a[i].len > a[k].len)
			k = i;
	return k;
}

/* Say what the daemon refused, naming the file it was about. */
static int
daemon_error(
    long status, const struct buf *body, const struct article *a, size_t na)
{
	cJSON *root = cJSON_ParseWithLength(body->p, body->len), *e;
	const char *code = NULL, *msg = NULL, *field = NULL;
	long doc;

	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	code =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "code"));
	msg = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(e, "message"));
	field =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "field"));
	doc = field_document(field);
	if (doc >= 0 && (size_t)doc < na)
		warnx_("%s: %s (%s)", a[doc].name, msg ? msg : "refused",
		    code ? code : "error");
	else if (status == 413 && na > 0 &&
		 (msg == NULL || (code && strcmp(code, "body_too_large") == 0)))
		/* The body is over max_body (body_too_large, or a bare 413
		 * from a proxy or an older summd that let libevent's page
		 * through): the biggest file is the one to look at. */
		warnx_("summd answered 413: %s (%s, %zu bytes, is the largest "
		       "of %zu document%s)",
		    msg ? msg : "the request is over its max_body",
		    a[largest(a, na)].name, a[largest(a, na)].len, na,
		    na == 1 ? "" : "s");
	else if (msg == NULL)
		warnx_("summd answered %ld without a reason (%s)", status,
		    status == 413   ? "the request is over its max_body"
		    : status == 400 ? "a malformed request or headers over "
				      "its max_headers"
				    : "not a JSON error");
	else
		warnx_("summd answered %ld: %s%s%s%s", status,
		    msg ? msg : "no message", field ? " (field " : "",
		    field ? field : "", field ? ")" : "");
	status = exit_for(status, code);
	cJSON_Delete(root);
	return (int)status;
}

/* A run of white space prints as one space: one sentence, one line. */
static void
print_line(const char *s)
{
	int sp = 0, started = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			sp = 1;
			continue;
		}
		if (sp && started)
			putchar(' ');
		sp = 0;
		started = 1;
		putchar(*s);
	}
	putchar('\n');
}

static int
print_answer(const struct buf *body, const struct opts *o)
{
	cJSON *root = cJSON_ParseWithLength(body->p, body->len), *s;
	cJSON *sents;
	const char *text, *doc;
	double off, score;

	sents = cJSON_GetObjectItemCaseSensitive(root, "sentences");
	if (!cJSON_IsArray(sents)) {
		warnx_("summd's answer has no sentences");
		cJSON_Delete(root);
		return EX_SOFTWARE_;
	}
	cJSON_ArrayForEach(s, sents)
	{
		/* As a reader reads it (tags out, entities decoded); a
		 * summd older than "shown" gives only the bytes. */
		text = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(s, "shown"));
		if (text == NULL)
			text = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(s, "text"));
		if (text == NULL)
			continue;
		if (o->verbose) {
			doc = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(s, "document"));
			off = cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(s, "offset"));
			score = cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(s, "score"));
			printf("%s:%.0f\t%.3f\t", doc ? doc : "?", off, score);
		}
		print_line(text);
	}
	cJSON_Delete(root);
	return EX_OK_;
}

/*
 * The offset of the first \u0000 in JSON text p[0, n), or -1. cJSON
 * reads it as a NUL that ends the string: the rest of an article would be
 * dropped without a word, where summd refuses it. A backslash is only
 * ever in a string, before the character it escapes.
 */
static long long
json_nul(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && n - i >= 6 &&
		    memcmp(p + i + 2, "0000", 4) == 0)
			return (long long)i;
		i++; /* the escaped character */
	}
	return -1;
}

/* Documents from --input: a JSON array, a request body with
 * "documents", or one object per line. */
static int
load_input(const char *path, const char *why, cJSON *docs, struct article **a,
    size_t *na)
{
	struct buf b;
	cJSON *parsed, *d;
	const char *end, *p;
	long long bad;
	int rc, docs_only = 0;

	if ((rc = read_file(path, &b)) != 0)
		return rc;
	/* As a file's text is checked: named by its place in the file, not
	 * in the body summd would see, and before add stores any of it. */
	if ((bad = utf8_bad((unsigned char *)b.p, b.len)) >= 0) {
		warnx_("%s: %s at byte %lld", path,
		    b.p[bad] == '\0' ? "a NUL byte" : "invalid UTF-8", bad);
		free(b.p);
		return EX_DATAERR_;
	}
	if ((bad = json_nul(b.p, b.len)) >= 0) {
		warnx_("%s: \\u0000 (a NUL) at byte %lld: text cannot hold it",
		    path, bad);
		free(b.p);
		return EX_DATAERR_;
	}
	parsed = cJSON_ParseWithLengthOpts(b.p, b.len, &end, 0);
	/* A whole request body, as the API takes it: its documents. */
	if (cJSON_IsObject(parsed) &&
	    cJSON_IsArray(
		cJSON_GetObjectItemCaseSensitive(parsed, "documents"))) {
		for (d = parsed->child; d != NULL; d = d->next)
			if (strcmp(d->string, "documents") != 0)
				warnx_("%s: \"%s\" is not read; %s", path,
				    d->string, why);
		d = cJSON_DetachItemFromObjectCaseSensitive(
		    parsed, "documents");
		cJSON_Delete(parsed);
		parsed = d;
		docs_only = 1;
	}
	if (cJSON_IsArray(parsed)) {
		/* cJSON stops at the array's end: what follows (a second
		 * array, a document appended as a line) would be dropped
		 * without a word. */
		for (p = end; p < b.p + b.len && isspace((unsigned char)*p);
		     p++)
			;
		if (p < b.p + b.len) {
			warnx_("%s: data after the JSON %s at byte %td", path,
			    docs_only ? "request body" : "array", p - b.p);
			cJSON_Delete(parsed);
			free(b.p);
			return EX_DATAERR_;
		}
		while ((d = cJSON_DetachItemFromArray(parsed, 0)) != NULL)
			cJSON_AddItemToArray(docs, d);
		cJSON_Delete(parsed);
	} else {
		/* JSON lines: each line one document object. */
		cJSON_Delete(parsed);
		for (p = b.p; p < b.p + b.len; p = end) {
			while (p < b.p + b.len && (*p == '\n' || *p == ' ' ||
						      *p == '\r' || *p == '\t'))
				p++;
			if (p >= b.p + b.len)
				break;
			d = cJSON_ParseWithLengthOpts(
			    p, (size_t)(b.p + b.len - p), &end, 0);
			if (!cJSON_IsObject(d)) {
				warnx_("%s: not a JSON array of documents, a "
				       "request body nor one document per "
				       "line (byte %td)",
				    path, p - b.p);
				cJSON_Delete(d);
				free(b.p);
				return EX_DATAERR_;
			}
			cJSON_AddItemToArray(docs, d);
		}
	}
	free(b.p);
	*na = (size_t)cJSON_GetArraySize(docs);
	if ((*a = calloc(*na + 1, sizeof(**a))) == NULL)
		return EX_SOFTWARE_;
	/* Errors name the document by its id, else its place in the file.
	 * The list is walked: cJSON_GetArrayItem counts from the start. */
	d = docs->child;
	for (size_t i = 0; i < *na; i++, d = d->next) {
		char *name;
		const char *text;
		const char *id = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(d, "id"));

		if (asprintf(&name, "%s: document %s", path,
			id != NULL ? id : "") < 0)
			return EX_SOFTWARE_;
		if (id == NULL) {
			free(name);
			if (asprintf(&name, "%s: document %zu", path, i) < 0)
				return EX_SOFTWARE_;
		}
		(*a)[i].name = name;
		/* Its size, for a request over max_body to name the largest. */
		text = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(d, "text"));
		(*a)[i].len = text != NULL ? strlen(text) : 0;
	}
	return 0;
}

/* The names load_input made for its articles (a may be NULL). */
static void
free_names(struct article *a, size_t na)
{
	size_t i;

	for (i = 0; a != NULL && i < na; i++)
		free((void *)a[i].name);
}

/*
 * The id that names a file in summd's answer (and -v's lines): its path,
 * if summd takes it as an id (UTF-8, at most ID_MAX bytes). Any other
 * path would have the whole request refused over a name, so its bytes
 * that are not UTF-8 become '?', and a longer one keeps its end (the
 * file's own name) after "...". NULL out of memory.
 */
static char *
path_id(const char *path)
{
	size_t len = strlen(path), n = 0, i = 0, from;
	long long ok;
	char *id;

	if ((id = malloc(len + 1)) == NULL)
		return NULL;
	while (i < len) {
		ok = utf8_bad((const unsigned char *)path + i, len - i);
		if (ok < 0)
			ok = (long long)(len - i);
		memcpy(id + n, path + i, (size_t)ok);
		n += (size_t)ok;
		i += (size_t)ok;
		if (i < len) {
			id[n++] = '?';
			i++;
		}
	}
	id[n] = '\0';
	if (n <= ID_MAX)
		return id;
	/* Cut at a character's start, so the id stays UTF-8. */
	from = n - (ID_MAX - 3);
	while (((unsigned char)id[from] & 0xc0) == 0x80)
		from++;
	memcpy(id, "...", 3);
	memmove(id + 3, id + from, n - from + 1);
	return id;
}

static int
load_files(char **files, int n, cJSON *docs, struct article **a, size_t *na)
{
	struct buf b;
	cJSON *d;
	long long bad;
	char *id;
	int i, rc;

	if ((*a = calloc(n > 0 ? (size_t)n + 1 : 1, sizeof(**a))) == NULL)
		return EX_SOFTWARE_;
	for (i = 0; i < n; i++) {
		(*a)[i].name =
		    strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
		if ((rc = read_file(files[i], &b)) != 0)
			return rc;
		if ((bad = utf8_bad((unsigned char *)b.p, b.len)) >= 0) {
			warnx_("%s: %s at byte %lld", (*a)[i].name,
			    b.p[bad] == '\0' ? "a NUL byte" : "invalid UTF-8",
			    bad);
			free(b.p);
			return EX_DATAERR_;
		}
		(*a)[i].len = b.len;
		if ((id = path_id((*a)[i].name)) == NULL) {
			free(b.p);
			return EX_SOFTWARE_;
		}
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "id", id);
		cJSON_AddStringToObject(d, "text", b.p);
		cJSON_AddItemToArray(docs, d);
		free(id);
		free(b.p);
	}
	*na = (size_t)n;
	return 0;
}

/* The summary options added to req, printed. */
static char *
with_options(cJSON *req, const struct opts *o)
{
	cJSON *len;

	len = cJSON_AddObjectToObject(req, "length");
	cJSON_AddNumberToObject(len, o->length_key, o->length);
	if (o->query != NULL)
		cJSON_AddStringToObject(req, "query", o->query);
	if (o->language != NULL)
		cJSON_AddStringToObject(req, "language", o->language);
	if (o->order != NULL)
		cJSON_AddStringToObject(req, "order", o->order);
	if (o->verbose)
		cJSON_AddTrueToObject(req, "explain");
	return cJSON_PrintUnformatted(req);
}

/* An answer as it came (--json), or one sentence a line. */
static int
print_body(const struct buf *body, const struct opts *o)
{
	if (!o->json)
		return print_answer(body, o);
	fwrite(body->p, 1, body->len, stdout);
	if (body->len > 0 && body->p[body->len - 1] != '\n')
		putchar('\n');
	return EX_OK_;
}

static int
summarize(const struct opts *o, char **files, int nfiles)
{
	struct article *a = NULL;
	size_t na = 0;
	cJSON *req = cJSON_CreateObject(), *docs;
	struct buf body;
	long status = 0;
	char *text = NULL;
	int rc;

	docs = cJSON_AddArrayToObject(req, "documents");
	rc = o->input != NULL
		 ? load_input(o->input, "the options say it", docs, &a, &na)
		 : load_files(files, nfiles, docs, &a, &na);
	if (rc != 0)
		goto out;
	if ((text = with_options(req, o)) == NULL) {
		rc = EX_SOFTWARE_;
		goto out;
	}
	rc = http(o->socket, "POST", "/v1/summarize", text, strlen(text),
	    &status, &body);
	if (rc != 0)
		goto out;
	if (status != 200)
		rc = daemon_error(status, &body, a, na);
	else
		rc = print_body(&body, o);
	free(body.p);
out:
	if (o->input != NULL)
		free_names(a, na);
	free(a);
	free(text);
	cJSON_Delete(req);
	return rc;
}

static int
health(const struct opts *o)
{
	struct buf body;
	long status = 0;
	int rc;

	if ((rc = http(
		 o->socket, "GET", "/v1/health", NULL, 0, &status, &body)) != 0)
		return rc;
	if (o->json || status != 200) {
		fwrite(body.p, 1, body.len, stdout);
		putchar('\n');
	} else {
		cJSON *r = cJSON_ParseWithLength(body.p, body.len);

		printf("summd %s at %s: %s, %g queued, %g running\n",
		    cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(r, "version")),
		    o->socket,
		    cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(r, "status")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(r, "queue")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(r, "in_flight")));
		cJSON_Delete(r);
	}
	free(body.p);
	return status == 200   ? EX_OK_
	       : status == 503 ? EX_TEMPFAIL_
			       : EX_SOFTWARE_;
}

/* Names the daemon takes in a path: letters, digits and . _ - (and ~ in
 * an id), so that nothing in them needs escaping. */
static int
name_char(char c, int id)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       (id && c == '~');
}

static int
good_name(const char *s, size_t max, int id)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!name_char(s[n], id))
			return 0;
	return n > 0 && n <= max && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static int
check_cluster(const char *name)
{
	if (good_name(name, 64, 0))
		return 0;
	warnx_("\"%s\": a cluster name is 1 to 64 letters, digits and . _ -",
	    name);
	return EX_USAGE_;
}

/* A file's id in its cluster: its base name, each byte an id may not
 * hold made '_'. */
static void
doc_id(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	if (strcmp(path, "-") == 0 || *base == '\0')
		base = "stdin";
	for (n = 0; base[n] != '\0' && n + 1 < size; n++)
		out[n] = (char)(name_char(base[n], 1) ? base[n] : '_');
	out[n] = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		out[0] = '_';
}

/* Print a daemon's refusal of a stored-cluster request about what. */
static int
refused(long status, const struct buf *body, const char *what)
{
	struct article a = {what, NULL, 0};
	cJSON *root = cJSON_ParseWithLength(body->p, body->len), *e;
	const char *msg;

	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	msg = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(e, "message"));
	/* A 413 without summd's JSON is libevent's, for a body over
	 * max_body: said of the article, which add would not name else. */
	if (what != NULL && msg == NULL && status == 413)
		msg = "summd answered 413: the article is over its max_body";
	if (what != NULL && msg != NULL) {
		warnx_("%s: %s", what, msg);
		status = exit_for(
		    status, cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(e, "code")));
		cJSON_Delete(root);
		return (int)status;
	}
	cJSON_Delete(root);
	return daemon_error(status, body, &a, 0);
}

struct named {
	char id[257];
	int arg;
};

static int
cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : (x->arg > y->arg) - (x->arg < y->arg);
}

/*
 * Would two of the files be one document? Ids are base names, so
 * "a/x.txt" and "b/x.txt" are both "x.txt": the second would replace the
 * first. Refused before anything is sent.
 */
static int
same_ids(char **files, int n)
{
	struct named *v;
	int i, rc = EX_OK_;

	if (n < 2)
		return EX_OK_;
	if ((v = calloc((size_t)n, sizeof(*v))) == NULL) {
		warnx_("out of memory");
		return EX_SOFTWARE_;
	}
	for (i = 0; i < n; i++) {
		doc_id(files[i], v[i].id, sizeof(v[i].id));
		v[i].arg = i;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_named);
	for (i = 1; i < n && rc == EX_OK_; i++)
		if (strcmp(v[i - 1].id, v[i].id) == 0) {
			warnx_("%s and %s would both be document %s: rename "
			       "one, or add them to the cluster in two steps",
			    files[v[i - 1].arg], files[v[i].arg], v[i].id);
			rc = EX_USAGE_;
		}
	free(v);
	return rc;
}

/* PUT doc (a JSON body) as cluster/id, and say what came of it; what
 * names the article in an error. */
static int
put_doc(const struct opts *o, const char *cluster, const char *id,
    const cJSON *doc, const char *what)
{
	char path[400], *text;
	struct buf body;
	long status = 0;
	cJSON *r;
	int rc;

	if ((text = cJSON_PrintUnformatted(doc)) == NULL)
		return EX_SOFTWARE_;
	snprintf(
	    path, sizeof(path), "/v1/clusters/%s/documents/%s", cluster, id);
	rc = http(o->socket, "PUT", path, text, strlen(text), &status, &body);
	free(text);
	if (rc != 0)
		return rc;
	if (status != 200 && status != 201)
		rc = refused(status, &body, what);
	else if (o->json)
		print_body(&body, o);
	else {
		r = cJSON_ParseWithLength(body.p, body.len);
		printf("%s %s/%s at revision %.0f\n",
		    status == 201 ? "added" : "replaced", cluster, id,
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(r, "revision")));
		cJSON_Delete(r);
	}
	free(body.p);
	return rc;
}

/* summ add CLUSTER FILE...: each file an article, its base name the id.
 * Every file is read and checked before any is sent: a file that cannot
 * be read, or is not UTF-8, leaves the cluster as it was. */
static int
add(const struct opts *o, char **argv, int argc)
{
	char id[257];
	struct buf *b;
	cJSON *doc;
	long long bad;
	int i, rc;

	if ((rc = check_cluster(argv[0])) != 0 ||
	    (rc = same_ids(argv + 1, argc - 1)) != 0)
		return rc;
	if ((b = calloc((size_t)argc, sizeof(*b))) == NULL)
		return EX_SOFTWARE_;
	for (i = 1; i < argc && rc == 0; i++) {
		if ((rc = read_file(argv[i], &b[i])) != 0)
			warnx_("%s: nothing stored", argv[0]);
		else if ((bad = utf8_bad((unsigned char *)b[i].p, b[i].len)) >=
			 0) {
			warnx_("%s: %s at byte %lld; nothing stored", argv[i],
			    b[i].p[bad] == '\0' ? "a NUL byte"
						: "invalid UTF-8",
			    bad);
			rc = EX_DATAERR_;
		}
	}
	for (i = 1; i < argc && rc == 0; i++) {
		doc_id(argv[i], id, sizeof(id));
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "text", b[i].p);
		rc = put_doc(o, argv[0], id, doc, argv[i]);
		cJSON_Delete(doc);
	}
	for (i = 1; i < argc; i++)
		free(b[i].p);
	free(b);
	return rc == 0 ? EX_OK_ : rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * summ --input DOCS.json add CLUSTER: articles with their titles and
 * dates, each document's "id" its name in the cluster. Every id is
 * checked before anything is sent; the rest of each document is the PUT
 * body, judged by summd.
 */
static int
add_input(const struct opts *o, const char *cluster)
{
	cJSON *docs = cJSON_CreateArray(), *d, *id;
	struct article *a = NULL;
	const char **ids = NULL;
	size_t na = 0, i;
	int rc;

	if ((rc = check_cluster(cluster)) != 0 ||
	    (rc = load_input(o->input, "add stores the documents only", docs,
		 &a, &na)) != 0)
		goto out;
	if (na == 0) {
		warnx_("%s: no documents to add", o->input);
		rc = EX_DATAERR_;
		goto out;
	}
	if ((ids = calloc(na + 1, sizeof(*ids))) == NULL) {
		rc = EX_SOFTWARE_;
		goto out;
	}
	for (i = 0, d = docs->child; d != NULL; d = d->next, i++) {
		id = cJSON_GetObjectItemCaseSensitive(d, "id");
		if (!cJSON_IsString(id) ||
		    !good_name(id->valuestring, 256, 1)) {
			if (id == NULL)
				warnx_("%s: no \"id\" (its name in the "
				       "cluster)",
				    a[i].name);
			else
				warnx_("%s: \"id\" must be 1 to 256 letters, "
				       "digits and . _ - ~, not . or ..",
				    a[i].name);
			rc = EX_DATAERR_;
			goto out;
		}
		ids[i] = id->valuestring;
	}
	qsort(ids, na, sizeof(*ids), cmp_str);
	for (i = 1; i < na; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0) {
			warnx_(
			    "%s: two documents with id %s", o->input, ids[i]);
			rc = EX_DATAERR_;
			goto out;
		}
	for (i = 0, d = docs->child; d != NULL && rc == 0; d = d->next, i++) {
		id = cJSON_DetachItemFromObjectCaseSensitive(d, "id");
		rc = put_doc(o, cluster, id->valuestring, d, a[i].name);
		cJSON_Delete(id);
	}
out:
	free_names(a, na);
	free(a);
	free(ids);
	cJSON_Delete(docs);
	return rc;
}

/* summ summary CLUSTER [--since REV] */
static int
summary(const struct opts *o, const char *cluster)
{
	cJSON *req = cJSON_CreateObject();
	char path[128], num[32], *text = NULL, *end;
	struct buf body;
	long status = 0;
	double since;
	int rc;

	if ((rc = check_cluster(cluster)) != 0)
		goto out;
	if (o->since != NULL) {
		errno = 0;
		since = strtod(o->since, &end);
		if (*o->since == '\0' || *end != '\0' || errno != 0 ||
		    !(since >= 0) || since > SINCE_MAX ||
		    since != (double)(long long)since) {
			warnx_("--since: \"%s\" is not a revision (0 to 2^53)",
			    o->since);
			rc = EX_USAGE_;
			goto out;
		}
		/* As digits: cJSON writes a number with 15 digits when they
		 * come within DBL_EPSILON of it, so 9007199254740991 would go
		 * as 9.00719925474099e+15, another revision. */
		snprintf(num, sizeof(num), "%.0f", since);
		cJSON_AddRawToObject(req, "since", num);
	}
	if ((text = with_options(req, o)) == NULL) {
		rc = EX_SOFTWARE_;
		goto out;
	}
	snprintf(path, sizeof(path), "/v1/clusters/%s/summary", cluster);
	if ((rc = http(o->socket, "POST", path, text, strlen(text), &status,
		 &body)) != 0)
		goto out;
	rc =
	    status == 200 ? print_body(&body, o) : refused(status, &body, NULL);
	free(body.p);
out:
	free(text);
	cJSON_Delete(req);
	return rc;
}

static double
num(const cJSON *o, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const char *
str(const cJSON *o, const char *key, const char *none)
{
	const char *s =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s != NULL ? s : none;
}

/*
 * GET path: the answer parsed into *root, or with --json printed as it
 * came (*root NULL then). An exit status: not EX_OK_ if refused.
 */
static int
get_json(const struct opts *o, const char *path, cJSON **root)
{
	struct buf body;
	long status = 0;
	int rc;

	*root = NULL;
	if ((rc = http(o->socket, "GET", path, NULL, 0, &status, &body)) != 0)
		return rc;
	if (status != 200)
		rc = refused(status, &body, NULL);
	else if (o->json)
		rc = print_body(&body, o);
	else if ((*root = cJSON_ParseWithLength(body.p, body.len)) == NULL) {
		warnx_("summd's answer is not JSON");
		rc = EX_SOFTWARE_;
	}
	free(body.p);
	return rc;
}

/*
 * s fit for a line of a table: control characters (C0, DEL, and C1 as
 * UTF-8) become '?', so that a title can neither break the line nor
 * reach the terminal as an escape sequence. Cut to size - 1 bytes.
 */
static const char *
printable(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, k, len;

	while (*p != '\0') {
		/* summd sends UTF-8: a character is cut whole, or not. */
		len = *p < 0xc0 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		for (k = 1; k < len && p[k] != '\0'; k++)
			;
		if (k < len || n + len >= size)
			break;
		if (*p < 0x20 || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			buf[n++] = '?';
		else
			memcpy(buf + n, p, len), n += len;
		p += len;
	}
	buf[n] = '\0';
	return buf;
}

/* summ list [CLUSTER]: a table, one cluster or article a line. */
static int
list(const struct opts *o, const char *cluster)
{
	char path[128], title[512];
	cJSON *root, *arr, *e;
	int rc;

	if (cluster != NULL && (rc = check_cluster(cluster)) != 0)
		return rc;
	snprintf(path, sizeof(path), "/v1/clusters%s%s",
	    cluster != NULL ? "/" : "", cluster != NULL ? cluster : "");
	if ((rc = get_json(o, path, &root)) != 0 || o->json)
		return rc;
	arr = cJSON_GetObjectItemCaseSensitive(
	    root, cluster != NULL ? "documents" : "clusters");
	if (cluster != NULL)
		printf("%-24s %9s %9s  %-20s  %s\n", "ID", "REVISION", "BYTES",
		    "DATE", "TITLE");
	else
		printf("%-24s %9s %9s %11s\n", "CLUSTER", "REVISION",
		    "DOCUMENTS", "BYTES");
	cJSON_ArrayForEach(e, arr)
	{
		if (cluster != NULL)
			printf("%-24s %9.0f %9.0f  %-20s  %s\n",
			    str(e, "id", "?"), num(e, "revision"),
			    num(e, "bytes"), str(e, "date", "-"),
			    printable(
				str(e, "title", ""), title, sizeof(title)));
		else
			printf("%-24s %9.0f %9.0f %11.0f\n",
			    str(e, "cluster", "?"), num(e, "revision"),
			    num(e, "documents"), num(e, "bytes"));
	}
	cJSON_Delete(root);
	return EX_OK_;
}

/* summ rm CLUSTER [ID...] */
static int
rm(const struct opts *o, char **argv, int argc)
{
	char path[400];
	struct buf body;
	long status = 0;
	int i, rc, first = EX_OK_;

	if ((rc = check_cluster(argv[0])) != 0)
		return rc;
	for (i = 1; i < argc; i++)
		if (!good_name(argv[i], 256, 1)) {
			warnx_("\"%s\": not a document id", argv[i]);
			return EX_USAGE_;
		}
	/* As rm(1): an article that is not there is reported, and the
	 * others are still removed; the status is the first failure's. */
	for (i = argc == 1 ? 0 : 1; i < argc; i++) {
		snprintf(path, sizeof(path), "/v1/clusters/%s%s%s", argv[0],
		    i > 0 ? "/documents/" : "", i > 0 ? argv[i] : "");
		if ((rc = http(o->socket, "DELETE", path, NULL, 0, &status,
			 &body)) != 0)
			return rc; /* summd is not there: nothing more to try */
		if (status != 200)
			rc = refused(status, &body, NULL);
		else if (o->json)
			print_body(&body, o);
		free(body.p);
		if (first == EX_OK_)
			first = rc;
	}
	return first;
}

/* summ cat CLUSTER ID: the stored article's text, byte for byte, which
 * a summary's offsets count into. */
static int
cat(const struct opts *o, const char *cluster, const char *id)
{
	char path[400];
	const cJSON *text;
	cJSON *root;
	size_t n;
	int rc;

	if ((rc = check_cluster(cluster)) != 0)
		return rc;
	if (!good_name(id, 256, 1)) {
		warnx_("\"%s\": not a document id", id);
		return EX_USAGE_;
	}
	snprintf(
	    path, sizeof(path), "/v1/clusters/%s/documents/%s", cluster, id);
	if ((rc = get_json(o, path, &root)) != 0 || o->json)
		return rc;
	text = cJSON_GetObjectItemCaseSensitive(root, "text");
	if (!cJSON_IsString(text)) {
		warnx_("summd's answer has no text");
		cJSON_Delete(root);
		return EX_SOFTWARE_;
	}
	n = strlen(text->valuestring);
	rc = fwrite(text->valuestring, 1, n, stdout) == n && fflush(stdout) == 0
		 ? EX_OK_
		 : EX_IOERR_;
	if (rc != EX_OK_)
		warnx_("standard output: %s", strerror(errno));
	cJSON_Delete(root);
	return rc;
}

/*
 * Has UTF-8 text a word: an ASCII letter or digit, or a character past
 * Latin-1's signs that is no space or punctuation (general and CJK)?
 * Near enough to summd's own test that a batch is not refused for a
 * file of nothing but dots and dashes.
 */
static int
has_words(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	uint32_t c;

	while (p < e) {
		if (*p < 0x80) {
			if (isalnum(*p))
				return 1;
			p++;
			continue;
		}
		c = *p < 0xe0   ? (uint32_t)(*p & 0x1f)
		    : *p < 0xf0 ? (uint32_t)(*p & 0x0f)
				: (uint32_t)(*p & 0x07);
		for (p++; p < e && (*p & 0xc0) == 0x80; p++)
			c = c << 6 | (*p & 0x3f);
		if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x206f) &&
		    !(c >= 0x3000 && c <= 0x303f) && c != 0xfeff)
			return 1;
	}
	return 0;
}

/*
 * Send a batch of articles to POST /v1/idf. A batch summd refuses as too
 * large (413: more than its max_documents, or over its max_body) is sent
 * again as its two halves, in turn: nothing of a refused batch was
 * counted.
 */
static int
idf_send(const struct opts *o, cJSON *req, struct buf *body)
{
	cJSON *docs = cJSON_GetObjectItemCaseSensitive(req, "documents");
	cJSON *half = NULL, *rest;
	char *text = cJSON_PrintUnformatted(req);
	long status = 0;
	int rc, i, n = cJSON_GetArraySize(docs);

	if (text == NULL)
		return EX_SOFTWARE_;
	rc = http(
	    o->socket, "POST", "/v1/idf", text, strlen(text), &status, body);
	free(text);
	if (rc == 0 && status == 413 && n > 1) {
		free(body->p);
		body->p = NULL;
		if ((half = cJSON_CreateObject()) == NULL ||
		    (rest = cJSON_AddArrayToObject(half, "documents")) ==
			NULL) {
			cJSON_Delete(half);
			return EX_SOFTWARE_;
		}
		for (i = n / 2; i < n; i++)
			cJSON_AddItemToArray(
			    rest, cJSON_DetachItemFromArray(docs, n / 2));
		if ((rc = idf_send(o, req, body)) == 0) {
			free(body->p);
			body->p = NULL;
			rc = idf_send(o, half, body);
		}
		cJSON_Delete(half);
		return rc;
	}
	if (rc == 0 && status != 200) {
		rc = refused(status, body, NULL);
		free(body->p);
		body->p = NULL;
	}
	return rc;
}

/* summ idf [import FILE...]: count articles into the learned IDF, in
 * batches, and say how large it is. */
static int
idf(const struct opts *o, char **argv, int argc)
{
	struct buf b, body = {NULL, 0, 0};
	cJSON *req = NULL, *docs = NULL, *doc, *r;
	size_t batch = 0, bytes = 0;
	long status = 0;
	long long bad;
	int i, rc = 0, skipped = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		if (req == NULL) {
			req = cJSON_CreateObject();
			docs = cJSON_AddArrayToObject(req, "documents");
		}
		if ((rc = read_file(argv[i], &b)) != 0)
			break;
		if ((bad = utf8_bad((unsigned char *)b.p, b.len)) >= 0 ||
		    !has_words(b.p, b.len)) {
			if (bad >= 0)
				warnx_(
				    "%s: invalid UTF-8 at byte %lld; skipped",
				    argv[i], bad);
			else
				warnx_("%s: no text; skipped", argv[i]);
			skipped++;
			free(b.p);
			continue;
		}
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "text", b.p);
		cJSON_AddItemToArray(docs, doc);
		bytes += b.len;
		free(b.p);
		/* Well under the daemon's default limits per request. The
		 * last batch, however short, is sent after the loop: the
		 * last file may be one skipped. */
		if (++batch == 500 || bytes > 16 * 1024 * 1024) {
			free(body.p);
			body.p = NULL;
			rc = idf_send(o, req, &body);
			cJSON_Delete(req);
			req = NULL;
			batch = bytes = 0;
		}
	}
	if (rc == 0 && batch > 0) {
		free(body.p);
		body.p = NULL;
		rc = idf_send(o, req, &body);
	}
	cJSON_Delete(req);
	if (rc == 0 && body.p == NULL) {
		rc = http(o->socket, "GET", "/v1/idf", NULL, 0, &status, &body);
		if (rc == 0 && status != 200) {
			rc = refused(status, &body, NULL);
			free(body.p);
			body.p = NULL;
		}
	}
	if (rc != 0)
		return rc;
	if (o->json)
		print_body(&body, o);
	else {
		r = cJSON_ParseWithLength(body.p, body.len);
		printf("learned IDF: %.0f documents, %.0f terms, ",
		    num(r, "documents"), num(r, "terms"));
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "in_use")))
			printf("in use\n");
		else if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(
			     r, "min_documents")))
			printf("not in use yet (fewer than "
			       "idf_min_documents)\n"); /* an older summd */
		else if (num(r, "min_documents") > 0)
			printf("not in use until it has %.0f "
			       "(idf_min_documents)\n",
			    num(r, "min_documents"));
		else
			printf("not used (idf_min_documents = 0)\n");
		cJSON_Delete(r);
	}
	free(body.p);
	/* What was skipped was not counted: not a success. */
	return skipped > 0 ? EX_DATAERR_ : EX_OK_;
}

static int
is_subcommand(const char *cmd)
{
	static const char *const names[] = {
	    "health", "add", "summary", "list", "rm", "cat", "idf", NULL};
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(cmd, names[i]) == 0)
			return 1;
	return 0;
}

/* Run a subcommand if argv names one: -1 if it does not. */
static int
subcommand(const struct opts *o, char **argv, int argc)
{
	const char *cmd = argc > 0 ? argv[0] : "";

	if (strcmp(cmd, "health") == 0 && argc == 1)
		return health(o);
	if (strcmp(cmd, "add") == 0 && argc >= 3)
		return add(o, argv + 1, argc - 1);
	if (strcmp(cmd, "summary") == 0 && argc == 2)
		return summary(o, argv[1]);
	if (strcmp(cmd, "list") == 0 && argc <= 2)
		return list(o, argc == 2 ? argv[1] : NULL);
	if (strcmp(cmd, "rm") == 0 && argc >= 2)
		return rm(o, argv + 1, argc - 1);
	if (strcmp(cmd, "cat") == 0 && argc == 3)
		return cat(o, argv[1], argv[2]);
	if (strcmp(cmd, "idf") == 0 &&
	    (argc == 1 || (argc >= 3 && strcmp(argv[1], "import") == 0)))
		return idf(o, argv + 1, argc - 1);
	if (is_subcommand(cmd)) {
		warnx_("%s: wrong arguments", cmd);
		usage(stderr);
		return EX_USAGE_;
	}
	return -1;
}

static int
set_length(struct opts *o, const char *key, const char *arg, int whole)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0' || errno != 0 || !(v > 0) ||
	    (whole && v != (double)(long long)v) || (!whole && v > 1)) {
		warnx_("--%s: \"%s\" is not %s", key, arg,
		    whole ? "a positive whole number" : "a ratio in (0, 1]");
		return -1;
	}
	if (o->length_given != NULL && strcmp(o->length_given, key) != 0) {
		warnx_("--%s and --%s: give one length", o->length_given, key);
		return -1;
	}
	o->length_given = o->length_key = key;
	o->length = v;
	return 0;
}

/* How the user may have written option ch: "-n/--sentences". */
static const char *
shaping_name(int ch, const struct option *longopts)
{
	static char name[40];

	for (; longopts->name != NULL; longopts++)
		if (longopts->val == ch)
			break;
	if (ch == 'r' || longopts->name == NULL)
		snprintf(name, sizeof(name), "--%s",
		    longopts->name != NULL ? longopts->name : "?");
	else
		snprintf(name, sizeof(name), "-%c/--%s", ch, longopts->name);
	return name;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"sentences", required_argument, NULL, 'n'},
	    {"words", required_argument, NULL, 'w'},
	    {"bytes", required_argument, NULL, 'b'},
	    {"ratio", required_argument, NULL, 'r'},
	    {"query", required_argument, NULL, 'q'},
	    {"language", required_argument, NULL, 'l'},
	    {"order", required_argument, NULL, 'o'},
	    {"input", required_argument, NULL, 'i'},
	    {"json", no_argument, NULL, 'j'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"socket", required_argument, NULL, 'S'},
	    {"since", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o;
	int ch, rc, bad = 0;

	memset(&o, 0, sizeof(o));
	o.length_key = "sentences";
	o.length = 5;
	while ((ch = getopt_long(
		    argc, argv, "n:w:b:q:l:o:vS:h", longopts, NULL)) != -1) {
		if (o.shaping == NULL && strchr("nwbrqlov", ch) != NULL)
			o.shaping = shaping_name(ch, longopts);
		switch (ch) {
		case 'n':
			bad |= set_length(&o, "sentences", optarg, 1);
			break;
		case 'w':
			bad |= set_length(&o, "words", optarg, 1);
			break;
		case 'b':
			bad |= set_length(&o, "bytes", optarg, 1);
			break;
		case 'r':
			bad |= set_length(&o, "ratio", optarg, 0);
			break;
		case 'q':
			o.query = optarg;
			break;
		case 'l':
			o.language = optarg;
			break;
		case 'o':
			o.order = optarg;
			break;
		case 'i':
			o.input = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'S':
			o.socket = optarg;
			break;
		case 's':
			o.since = optarg;
			break;
		case 'h':
			usage(stdout);
			/* Help that was not written is no success either. */
			if (fflush(stdout) != 0 || ferror(stdout)) {
				warnx_("standard output: %s", strerror(errno));
				return EX_IOERR_;
			}
			return EX_OK_;
		default:
			usage(stderr);
			return EX_USAGE_;
		}
	}
	if (answer_timeout() < 0) {
		warnx_("SUMM_TIMEOUT: \"%s\" is not a whole number of "
		       "seconds from 1",
		    getenv("SUMM_TIMEOUT"));
		bad = 1;
	}
	if (bad)
		return EX_USAGE_;
	argc -= optind;
	argv += optind;
	if (o.since != NULL &&
	    (argc == 0 || strcmp(argv[0], "summary") != 0 || o.input != NULL)) {
		warnx_("--since is for summ summary CLUSTER only");
		return EX_USAGE_;
	}
	/* A length, query, language, order or -v would be dropped without
	 * a word by a command that makes no summary: said, as --since is. */
	if (o.shaping != NULL && argc > 0 && is_subcommand(argv[0]) &&
	    strcmp(argv[0], "summary") != 0) {
		warnx_("%s: %s is for summaries (summ FILE..., summ summary)",
		    argv[0], o.shaping);
		return EX_USAGE_;
	}
	o.socket = pick_socket(o.socket);
	/* curl would say "Couldn't resolve host name" for either. */
	if (*o.socket == '\0' ||
	    strlen(o.socket) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		warnx_("socket path %s: %s", *o.socket ? o.socket : "\"\"",
		    *o.socket ? "too long for a Unix socket" : "empty");
		return EX_USAGE_;
	}
	if (curl_global_init(CURL_GLOBAL_NOTHING) != 0)
		return EX_SOFTWARE_;
	if (o.input == NULL && (rc = subcommand(&o, argv, argc)) >= 0)
		;
	else if (o.input != NULL && argc > 0 && strcmp(argv[0], "add") == 0) {
		/* summ --input DOCS.json add CLUSTER */
		if (argc == 2)
			rc = add_input(&o, argv[1]);
		else {
			warnx_("add --input: one cluster, and no files");
			usage(stderr);
			rc = EX_USAGE_;
		}
	} else if (o.input != NULL && argc > 0 && is_subcommand(argv[0])) {
		warnx_("--input is for summarizing, or for add");
		usage(stderr);
		rc = EX_USAGE_;
	} else if ((argc == 0) == (o.input == NULL)) {
		warnx_(argc == 0 ? "no files to summarize"
				 : "give files or --input, not both");
		usage(stderr);
		rc = EX_USAGE_;
	} else
		rc = summarize(&o, argv, argc);
	curl_global_cleanup();
	/* What was printed must have been written: a summary lost on a full
	 * disk is no success. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EX_OK_) {
		warnx_("standard output: %s", strerror(errno));
		rc = EX_IOERR_;
	}
	return rc;
}
