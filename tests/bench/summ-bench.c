/*
 * summ-bench: runs libsumm in-process over files, one article per file, as
 * one cluster; prints the summary one sentence per line (or the full result
 * as JSON), and time and peak memory with --stats. The quality and speed
 * benchmarks and the evaluation scripts call it; its interface is fixed.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "summ.h"

/* The usage: asked for (-h), on stdout and 0; else on stderr and 64. */
static void
usage_to(FILE *f, int rc)
{
	fprintf(f,
	    "usage: summ-bench [-n N | -w N | -b N | -r RATIO] [-q TEXT]\n"
	    "                  [-o chronological|score|input] [--json] "
	    "[--stats]\n"
	    "                  [--idf FILE] [--idf-from DIR [--idf-save FILE]]\n"
	    "                  [--set KEY=VALUE] [--repeat N]\n"
	    "                  [--list FILE] FILE...\n"
	    "       summ-bench --stream N [-w N ...] FILE...\n");
	exit(rc);
}

static void
usage(void)
{
	usage_to(stderr, 64);
}

static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL, *nbuf;
	size_t cap = 0, n = 0;
	ssize_t r;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nbuf = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nbuf;
		}
		r = read(fd, buf + n, cap - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*len = n;
	return buf;
fail:
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	return NULL;
}

/* One term per line: "df<TAB>stem", after a first line "docs<TAB>N". */
static int
idf_write_term(const char *term, size_t len, uint64_t df, void *arg)
{
	return fprintf(arg, "%llu\t%.*s\n", (unsigned long long)df, (int)len,
		   term) < 0;
}

static int
idf_save(const struct summ_idf *idf, const char *path)
{
	FILE *f;
	int rc;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "docs\t%llu\n", (unsigned long long)summ_idf_docs(idf));
	rc = summ_idf_foreach(idf, idf_write_term, f);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static struct summ_idf *
idf_load(const char *path)
{
	struct summ_idf *idf;
	char *line = NULL, *tab, *end;
	size_t cap = 0;
	ssize_t n;
	unsigned long long v;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL || summ_idf_new(&idf) != 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		if (strcmp(line, "docs") == 0) {
			summ_idf_add_docs(idf, strtoull(tab, NULL, 10));
			continue;
		}
		v = strtoull(line, &end, 10);
		if (*end == '\0')
			summ_idf_add_term(idf, tab, strlen(tab), v);
	}
	free(line);
	fclose(f);
	return idf;
}

static struct summ_idf *
idf_from_dir(const char *dir)
{
	struct summ_idf *idf;
	struct dirent *de;
	char path[4096];
	char *text;
	size_t len;
	DIR *d;

	if ((d = opendir(dir)) == NULL || summ_idf_new(&idf) != 0) {
		if (d != NULL)
			closedir(d);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = slurp(path, &len)) == NULL)
			continue;
		if (summ_idf_add_text(idf, text, len) != 0)
			fprintf(stderr, "summ-bench: %s: skipped\n", path);
		free(text);
	}
	closedir(d);
	return idf;
}

/* Replace the file arguments with the paths listed in path, one a line
 * (for clusters too large for a command line). */
static int
read_list(const char *path, int *argc, char ***argv)
{
	char *line = NULL, **v = NULL, **nv;
	size_t cap = 0, n = 0, vcap = 0;
	ssize_t len;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (n == vcap) {
			vcap = vcap ? vcap * 2 : 1024;
			if ((nv = realloc(v, vcap * sizeof(*v))) == NULL)
				goto fail;
			v = nv;
		}
		if ((v[n++] = strdup(line)) == NULL)
			goto fail;
	}
	free(line);
	fclose(f);
	if (n > INT_MAX)
		return -1;
	*argc = (int)n;
	*argv = v; /* kept until exit */
	return 0;
fail:
	free(line);
	fclose(f);
	return -1;
}

/*
 * A worker's day: the files as consecutive clusters of n articles, each
 * summarized once, in turn, as summd's workers take requests. Prints the
 * mean and the slowest ms per cluster: clusters differ in size, and no
 * cluster is seen twice.
 */
static int
stream(struct summ_opts *o, struct summ_doc *docs, int ndocs, int n)
{
	struct summ_result *r;
	struct summ_error err;
	struct timespec t0, t1;
	double t, sum = 0, worst = 0;
	int i, k = 0;

	for (i = 0; i + n <= ndocs; i += n, k++) {
		r = NULL;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (summ_run(docs + i, (size_t)n, o, &r, &err) != 0) {
			fprintf(stderr, "summ-bench: cluster %d: %s\n", k,
			    err.message);
			return 65;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		summ_result_free(r);
		t = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		sum += t;
		worst = t > worst ? t : worst;
	}
	printf("clusters %d of %d articles: mean %.3f ms, slowest %.3f ms\n", k,
	    n, k > 0 ? sum / k : 0, worst);
	return 0;
}

static int
set_option(struct summ_opts *o, const char *kv)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"centroid", offsetof(struct summ_opts, w_centroid)},
	    {"centrality", offsetof(struct summ_opts, w_centrality)},
	    {"position", offsetof(struct summ_opts, w_position)},
	    {"title", offsetof(struct summ_opts, w_title)},
	    {"query", offsetof(struct summ_opts, w_query)},
	    {"redundancy", offsetof(struct summ_opts, redundancy)},
	    {"diversity", offsetof(struct summ_opts, diversity)},
	    {"dependent", offsetof(struct summ_opts, dependent)},
	    {"coverage", offsetof(struct summ_opts, coverage)},
	    {"cost_scale", offsetof(struct summ_opts, cost_scale)},
	};
	const char *eq = strchr(kv, '=');
	char *end;
	double v;
	size_t i;

	if (eq == NULL)
		return -1;
	v = strtod(eq + 1, &end);
	if (*end != '\0')
		return -1;
	if ((size_t)(eq - kv) == 9 && strncmp(kv, "min_words", 9) == 0) {
		o->min_words = (unsigned)v;
		return 0;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == (size_t)(eq - kv) &&
		    strncmp(keys[i].key, kv, (size_t)(eq - kv)) == 0) {
			memcpy((char *)o + keys[i].off, &v, sizeof(v));
			return 0;
		}
	return -1;
}

/* The sentence on one line, as summd's answer shows it (summ_shown):
 * tags out if its document has any, Markdown's marks out, entities
 * decoded, each run of white space one space. */
static void
print_shown(const struct summ_doc *d, const struct summ_sentence *s)
{
	const char *p = d->text + s->offset;
	char *buf = malloc(s->length + 1);
	int marked = memchr(d->text, '<', d->text_len) != NULL;

	if (buf == NULL) {
		fprintf(stderr, "summ-bench: out of memory\n");
		exit(71);
	}
	fwrite(buf, 1, summ_shown(p, s->length, marked, buf), stdout);
	putchar('\n');
	free(buf);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
print_json(const struct summ_result *res, const struct summ_doc *docs,
    char **names, double ms)
{
	const struct summ_stats *st = summ_result_stats(res);
	const struct summ_sentence *s;
	cJSON *root, *arr, *o, *f, *stats;
	char *out, *text;
	size_t i;

	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "sentences");
	for (i = 0; i < summ_result_count(res); i++) {
		s = summ_result_sentence(res, i);
		o = cJSON_CreateObject();
		if ((text = malloc(s->length + 1)) == NULL)
			exit(71);
		memcpy(text, docs[s->doc].text + s->offset, s->length);
		text[s->length] = '\0';
		cJSON_AddStringToObject(o, "text", text);
		free(text);
		cJSON_AddStringToObject(o, "document", names[s->doc]);
		cJSON_AddNumberToObject(o, "index", (double)s->index);
		cJSON_AddNumberToObject(o, "offset", (double)s->offset);
		cJSON_AddNumberToObject(o, "length", (double)s->length);
		cJSON_AddNumberToObject(o, "score", s->score);
		f = cJSON_AddObjectToObject(o, "features");
		cJSON_AddNumberToObject(f, "centroid", s->features.centroid);
		cJSON_AddNumberToObject(
		    f, "centrality", s->features.centrality);
		cJSON_AddNumberToObject(f, "position", s->features.position);
		cJSON_AddNumberToObject(f, "title", s->features.title);
		cJSON_AddNumberToObject(f, "query", s->features.query);
		cJSON_AddItemToArray(arr, o);
	}
	stats = cJSON_AddObjectToObject(root, "stats");
	cJSON_AddNumberToObject(stats, "documents", (double)st->documents);
	cJSON_AddNumberToObject(stats, "sentences", (double)st->sentences);
	cJSON_AddNumberToObject(stats, "candidates", (double)st->candidates);
	cJSON_AddNumberToObject(stats, "terms", (double)st->terms);
	cJSON_AddNumberToObject(stats, "edges", (double)st->edges);
	cJSON_AddNumberToObject(stats, "elapsed_ms", ms);
	out = cJSON_Print(root);
	if (out != NULL)
		puts(out);
	free(out);
	cJSON_Delete(root);
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
	    {"order", required_argument, NULL, 'o'},
	    {"json", no_argument, NULL, 'j'},
	    {"stats", no_argument, NULL, 's'},
	    {"idf", required_argument, NULL, 'I'},
	    {"idf-from", required_argument, NULL, 'F'},
	    {"idf-save", required_argument, NULL, 'S'},
	    {"set", required_argument, NULL, 'X'},
	    {"repeat", required_argument, NULL, 'R'},
	    {"list", required_argument, NULL, 'L'},
	    {"stream", required_argument, NULL, 'T'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct summ_opts opts;
	struct summ_error err;
	struct summ_result *res = NULL;
	struct summ_idf *idf = NULL;
	struct summ_doc *docs;
	struct timespec t0, t1;
	struct rusage ru;
	const char *idf_path = NULL, *idf_dir = NULL, *idf_out = NULL;
	const struct summ_sentence *s;
	int ch, json = 0, stats = 0, rc = 0, i, ndocs, repeat = 1, per = 0;
	const char *list = NULL;
	char *end;
	double ms, median, *times;
	size_t k, nrun = 0;

	/* Keep freed memory for the next run, as summd does (see main.c):
	 * warm runs then measure the engine, not the page faults. */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
	summ_opts_init(&opts);
	while ((ch = getopt_long(
		    argc, argv, "n:w:b:r:q:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
		case 'w':
		case 'b':
		case 'r':
			opts.unit = ch == 'n'   ? SUMM_SENTENCES
				    : ch == 'w' ? SUMM_WORDS
				    : ch == 'b' ? SUMM_BYTES
						: SUMM_RATIO;
			opts.amount = strtod(optarg, &end);
			if (*end != '\0' || end == optarg)
				usage();
			break;
		case 'q':
			opts.query = optarg;
			opts.query_len = strlen(optarg);
			break;
		case 'o':
			if (strcmp(optarg, "chronological") == 0)
				opts.order = SUMM_ORDER_CHRONOLOGICAL;
			else if (strcmp(optarg, "score") == 0)
				opts.order = SUMM_ORDER_SCORE;
			else if (strcmp(optarg, "input") == 0)
				opts.order = SUMM_ORDER_INPUT;
			else
				usage();
			break;
		case 'j':
			json = 1;
			break;
		case 's':
			stats = 1;
			break;
		case 'I':
			idf_path = optarg;
			break;
		case 'F':
			idf_dir = optarg;
			break;
		case 'S':
			idf_out = optarg;
			break;
		case 'X':
			if (set_option(&opts, optarg) != 0)
				usage();
			break;
		case 'L':
			list = optarg;
			break;
		case 'T':
			if ((per = atoi(optarg)) < 1)
				usage();
			break;

		case 'R':
			repeat = atoi(optarg);
			if (repeat < 1)
				usage();
			break;
		case 'h':
			usage_to(stdout, 0);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (idf_dir != NULL) {
		if ((idf = idf_from_dir(idf_dir)) == NULL) {
			fprintf(stderr, "summ-bench: %s: %s\n", idf_dir,
			    strerror(errno));
			return 66;
		}
		if (idf_out != NULL && idf_save(idf, idf_out) != 0) {
			fprintf(
			    stderr, "summ-bench: %s: cannot write\n", idf_out);
			return 73;
		}
	} else if (idf_path != NULL && (idf = idf_load(idf_path)) == NULL) {
		fprintf(
		    stderr, "summ-bench: %s: %s\n", idf_path, strerror(errno));
		return 66;
	}
	if (list != NULL && read_list(list, &argc, &argv) != 0) {
		fprintf(stderr, "summ-bench: %s: %s\n", list, strerror(errno));
		return 66;
	}
	if (argc == 0) {
		if (idf_out != NULL)
			return 0; /* only building the IDF table */
		usage();
	}
	ndocs = argc;
	if ((docs = calloc((size_t)ndocs, sizeof(*docs))) == NULL)
		return 71;
	for (i = 0; i < ndocs; i++) {
		docs[i].text = slurp(argv[i], &docs[i].text_len);
		docs[i].date = SUMM_NO_DATE;
		if (docs[i].text == NULL) {
			fprintf(stderr, "summ-bench: %s: %s\n", argv[i],
			    strerror(errno));
			return 66;
		}
	}
	opts.idf = idf;
	if (per > 0)
		return stream(&opts, docs, ndocs, per);
	/* With --repeat, the fastest of N runs (the time of a warm process,
	 * as in the daemon) and their median (what a run typically takes on
	 * a machine that is not quiet). */
	if ((times = calloc((size_t)repeat, sizeof(*times))) == NULL) {
		fprintf(stderr, "summ-bench: out of memory\n");
		return 71;
	}
	for (i = 0; i < repeat; i++) {
		if (res != NULL)
			summ_result_free(res);
		res = NULL;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = summ_run(docs, (size_t)ndocs, &opts, &res, &err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		times[nrun++] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
				(double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (rc != 0)
			break;
	}
	qsort(times, nrun, sizeof(*times), cmp_double);
	ms = times[0];
	median = nrun % 2 ? times[nrun / 2]
			  : (times[nrun / 2 - 1] + times[nrun / 2]) / 2;
	free(times);
	if (rc != 0) {
		if (err.doc < (size_t)ndocs)
			fprintf(stderr, "summ-bench: %s: %s\n", argv[err.doc],
			    err.message);
		else
			fprintf(stderr, "summ-bench: %s\n", err.message);
		return rc == SUMM_ENOMEM ? 71 : 65;
	}
	if (json)
		print_json(res, docs, argv, ms);
	else
		for (k = 0; k < summ_result_count(res); k++) {
			s = summ_result_sentence(res, k);
			print_shown(&docs[s->doc], s);
		}
	if (stats) {
		const struct summ_stats *st = summ_result_stats(res);

		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr,
		    "documents %zu sentences %zu candidates %zu terms %zu "
		    "edges %zu\n"
		    "elapsed_ms %.3f median_ms %.3f arena_bytes %zu "
		    "peak_rss_kb %ld\n",
		    st->documents, st->sentences, st->candidates, st->terms,
		    st->edges, ms, median, st->memory, ru.ru_maxrss);
	}
	summ_result_free(res);
	summ_idf_free(idf);
	for (i = 0; i < ndocs; i++)
		free((void *)docs[i].text);
	free(docs);
	return 0;
}
