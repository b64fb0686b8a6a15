/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The net command of /init's shell: two guests on one Ethernet trade raw
 * frames of our own ethertype (net_link.h), with no IP stack.
 *
 *   net up [IF]          bring the interface up (default eth0), print its MAC
 *   net serve [IF]       in a background child: answer pings, count data
 *                        frames, and report the count when asked
 *   net ping COUNT [IF]  ping the peer, one frame at a time
 *   net blast MIB [IF]   send MIB MiB of data frames, then ask what arrived
 *
 * The first ping is broadcast; the MAC that answers it is the peer from
 * then on.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init.h"
#include "net_link.h"

#define NET_DEFAULT_IF "eth0"
#define NET_TIMEOUT    1.0 /* seconds to wait for each answer */
#define NET_DONE_TRIES 5
#define MIB	       (1024ULL * 1024)

static unsigned char frame[NET_PAYLOAD];

static struct net_msg *frame_msg(void)
{
	return (struct net_msg *)frame;
}

/* Numbers for pings and blasts, never reused while init runs, so a late
 * answer to an earlier command is never taken for the current one. */
static uint32_t seq_next(void)
{
	static uint32_t seq;

	if (seq == 0)
		seq = (uint32_t)(now_seconds() * 1000) << 8 | 1;
	return seq++;
}

/* Sends a message of one kind to dst, size payload bytes long (at least
 * its header); a data frame counts for size bytes at the receiver. */
static int msg_send(struct net_link *link, const unsigned char *dst, enum net_kind kind,
		    uint32_t seq, size_t size)
{
	struct net_msg *m = frame_msg();

	memset(m, 0, sizeof(*m));
	m->kind = (uint8_t)kind;
	m->seq = htonl(seq);
	m->len = htons((uint16_t)size);
	return net_link_send(link, dst, frame, size > sizeof(*m) ? size : sizeof(*m));
}

/* Waits up to NET_TIMEOUT for a message of one kind and seq; 1 when it
 * came (its sender in src), 0 on timeout, -1 on failure. */
static int msg_wait(struct net_link *link, enum net_kind kind, uint32_t seq, unsigned char *src)
{
	double deadline = now_seconds() + NET_TIMEOUT;
	double left;

	while ((left = deadline - now_seconds()) > 0) {
		long n = net_link_recv(link, frame, sizeof(frame), src, left);

		if (n <= 0)
			return (int)n;
		if ((size_t)n >= sizeof(struct net_msg) && frame_msg()->kind == kind &&
		    ntohl(frame_msg()->seq) == seq)
			return 1;
	}
	return 0;
}

/* The server's counters, and the answer to the last NET_DONE. */
struct net_tally {
	uint32_t frames;
	uint64_t bytes;
	uint32_t done_seq;
	uint32_t done_frames;
	uint64_t done_bytes;
};

static void serve_done(struct net_link *link, struct net_tally *t, const unsigned char *src,
		       uint32_t seq)
{
	struct net_msg *m = frame_msg();

	if (seq != t->done_seq || t->frames != 0) {
		t->done_seq = seq;
		t->done_frames = t->frames;
		t->done_bytes = t->bytes;
		t->frames = 0;
		t->bytes = 0;
	}
	memset(m, 0, sizeof(*m));
	m->kind = NET_COUNT;
	m->seq = htonl(seq);
	m->frames = htonl(t->done_frames);
	m->bytes = htobe64(t->done_bytes);
	if (net_link_send(link, src, frame, sizeof(*m)) != 0)
		printf("net: serve: send on %s: %s\n", link->ifname, strerror(errno));
}

/* The background child's loop: it never returns. */
static void serve_loop(struct net_link *link)
{
	struct net_tally t = {0};
	unsigned char src[NET_MAC_LEN];

	for (;;) {
		long n = net_link_recv(link, frame, sizeof(frame), src, -1);
		struct net_msg *m = frame_msg();

		if (n < 0) {
			printf("net: serve: receive on %s: %s\n", link->ifname, strerror(errno));
			_exit(1);
		}
		if ((size_t)n < sizeof(*m))
			continue;
		if (m->kind == NET_DATA) {
			t.frames++;
			t.bytes += ntohs(m->len);
		} else if (m->kind == NET_PING) {
			m->kind = NET_PONG;
			if (net_link_send(link, src, frame, (size_t)n) != 0)
				printf("net: serve: send on %s: %s\n", link->ifname,
				       strerror(errno));
		} else if (m->kind == NET_DONE) {
			serve_done(link, &t, src, ntohl(m->seq));
		}
	}
}

static void net_up(const char *ifname)
{
	unsigned char mac[NET_MAC_LEN];
	char text[NET_MAC_TEXT];

	if (net_if_up(ifname, mac) == 0)
		printf("net: %s up, mac %s\n", ifname, net_mac_format(mac, text));
}

static void net_serve(const char *ifname)
{
	struct net_link link;
	pid_t pid;

	if (net_link_open(&link, ifname) != 0)
		return;
	pid = fork();
	if (pid < 0) {
		printf("net: serve: fork: %s\n", strerror(errno));
	} else if (pid == 0) {
		serve_loop(&link);
	} else {
		printf("net: serving on %s\n", ifname);
	}
	net_link_close(&link);
}

/* Pings count times; the first answer's sender becomes the peer. Returns
 * the number of answers; their average round trip goes in *rtt_us. */
static unsigned long ping_peer(struct net_link *link, unsigned long count, unsigned char *peer,
			       double *rtt_us)
{
	unsigned long replies = 0;
	unsigned char src[NET_MAC_LEN];
	double total = 0;

	memcpy(peer, net_broadcast, NET_MAC_LEN);
	for (unsigned long i = 0; i < count; i++) {
		double start = now_seconds();
		uint32_t seq = seq_next();
		int got;

		if (msg_send(link, peer, NET_PING, seq, 0) != 0) {
			printf("net: ping: send on %s: %s\n", link->ifname, strerror(errno));
			break;
		}
		got = msg_wait(link, NET_PONG, seq, src);
		if (got < 0) {
			printf("net: ping: receive on %s: %s\n", link->ifname, strerror(errno));
			break;
		}
		if (got == 0)
			continue;
		total += now_seconds() - start;
		if (replies++ == 0)
			memcpy(peer, src, NET_MAC_LEN);
	}
	*rtt_us = replies ? total * 1e6 / (double)replies : 0;
	return replies;
}

static void net_ping(struct net_link *link, unsigned long long count)
{
	unsigned char peer[NET_MAC_LEN];
	char text[NET_MAC_TEXT];
	double rtt;
	unsigned long replies = ping_peer(link, (unsigned long)count, peer, &rtt);

	if (replies == 0)
		printf("net: ping 0/%llu replies\n", count);
	else
		printf("net: ping %lu/%llu replies from %s, rtt avg %.0f us\n", replies, count,
		       net_mac_format(peer, text), rtt);
}

/* Sends total bytes in full data frames (the last one shorter); 0 when
 * all went out. */
static int blast_data(struct net_link *link, const unsigned char *peer, unsigned long long total)
{
	for (unsigned long long sent = 0; sent < total; sent += NET_PAYLOAD) {
		size_t size = total - sent < NET_PAYLOAD ? (size_t)(total - sent) : NET_PAYLOAD;

		if (msg_send(link, peer, NET_DATA, 0, size) != 0) {
			printf("net: blast: send on %s: %s\n", link->ifname, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Asks the peer what it counted, a few times if the answer is lost;
 * 1 with the count in the frame buffer, 0 without an answer, -1 on failure. */
static int blast_done(struct net_link *link, const unsigned char *peer, uint32_t seq)
{
	unsigned char src[NET_MAC_LEN];

	for (int i = 0; i < NET_DONE_TRIES; i++) {
		int got;

		if (msg_send(link, peer, NET_DONE, seq, 0) != 0) {
			printf("net: blast: send on %s: %s\n", link->ifname, strerror(errno));
			return -1;
		}
		got = msg_wait(link, NET_COUNT, seq, src);
		if (got != 0) {
			if (got < 0)
				printf("net: blast: receive on %s: %s\n", link->ifname,
				       strerror(errno));
			return got;
		}
	}
	printf("net: blast: no count from the peer after %d tries\n", NET_DONE_TRIES);
	return 0;
}

static void net_blast(struct net_link *link, unsigned long long mib)
{
	unsigned char peer[NET_MAC_LEN];
	uint32_t seq = seq_next();
	double rtt, start, s;
	uint64_t bytes;

	/* The peer's MAC when it answers; broadcast otherwise. */
	ping_peer(link, 1, peer, &rtt);
	start = now_seconds();
	if (blast_data(link, peer, mib * MIB) != 0 || blast_done(link, peer, seq) != 1)
		return;
	s = now_seconds() - start;
	bytes = be64toh(frame_msg()->bytes);
	printf("net: sent %llu MiB in %.3f s, peer got %u frames (%llu bytes), %.2f MiB/s\n", mib,
	       s, ntohl(frame_msg()->frames), (unsigned long long)bytes,
	       s > 0 ? (double)bytes / (double)MIB / s : 0.0);
}

static void net_usage(void)
{
	printf("usage: net up [IF] | net serve [IF] | net ping COUNT [IF] | net blast MIB [IF]\n");
}

void cmd_net(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	int counted = !strcmp(sub, "ping") || !strcmp(sub, "blast");
	int words = counted ? 3 : 2; /* "net SUB [N]" before the optional IF */
	unsigned long long n = 0;
	struct net_link link;

	if (argc < words || argc > words + 1 ||
	    (counted && (parse_number(argv[2], &n) != 0 || n == 0))) {
		net_usage();
		return;
	}
	const char *ifname = argc > words ? argv[words] : NET_DEFAULT_IF;

	if (!strcmp(sub, "up")) {
		net_up(ifname);
	} else if (!strcmp(sub, "serve")) {
		net_serve(ifname);
	} else if (!counted) {
		net_usage();
	} else if (net_link_open(&link, ifname) == 0) {
		if (!strcmp(sub, "ping"))
			net_ping(&link, n);
		else
			net_blast(&link, n);
		net_link_close(&link);
	}
}
