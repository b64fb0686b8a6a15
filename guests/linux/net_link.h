/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Raw Ethernet frames for the net command: a packet socket bound to one
 * interface and to our own ethertype, and the messages two guests trade
 * over it. No IP stack is involved: the kernel adds and strips the
 * Ethernet header, everything after it is a struct net_msg.
 */
#ifndef GUESTS_LINUX_NET_LINK_H
#define GUESTS_LINUX_NET_LINK_H

#include <stddef.h>
#include <stdint.h>

#define NET_ETHERTYPE 0x88b5 /* IEEE "local experimental" */
#define NET_PAYLOAD   1500   /* bytes after the Ethernet header: the MTU */
#define NET_MAC_LEN   6
#define NET_MAC_TEXT  18 /* "xx:xx:xx:xx:xx:xx" and its NUL */

/* What a frame is, its first byte. */
enum net_kind {
	NET_PING = 'p',	 /* answer with NET_PONG, same seq */
	NET_PONG = 'r',	 /* the answer to a ping */
	NET_DATA = 'd',	 /* counted: one frame, len bytes */
	NET_DONE = 'f',	 /* answer with NET_COUNT, then start counting afresh */
	NET_COUNT = 'c', /* frames and bytes counted before a NET_DONE */
};

/* The start of every frame's payload; numbers in network byte order. A
 * data frame is NET_PAYLOAD bytes long; a repeated NET_DONE (same seq) gets
 * the same NET_COUNT again, so a lost answer can be asked for twice. */
struct net_msg {
	uint8_t kind;
	uint8_t zero;
	uint16_t len;	 /* NET_DATA: bytes this frame counts for */
	uint32_t seq;	 /* NET_PING/PONG: ping number; NET_DONE/COUNT: blast id */
	uint32_t frames; /* NET_COUNT: data frames counted */
	uint32_t reserved;
	uint64_t bytes; /* NET_COUNT: their bytes */
};

struct net_link {
	int fd;
	int ifindex;
	const char *ifname;
	unsigned char mac[NET_MAC_LEN];
};

extern const unsigned char net_broadcast[NET_MAC_LEN];

/* Sets IFF_UP on the interface and reads its MAC; 0 on success, else the
 * error is printed and -1 returned. */
int net_if_up(const char *ifname, unsigned char *mac);

/* Opens a packet socket for our ethertype on the interface; 0 on success,
 * else the error is printed and -1 returned. */
int net_link_open(struct net_link *link, const char *ifname);

void net_link_close(struct net_link *link);

/* Sends one frame of len payload bytes to dst, waiting while the
 * interface's queue is full; 0 on success, else -1 with errno set. */
int net_link_send(struct net_link *link, const unsigned char *dst, const void *buf, size_t len);

/* Receives one frame of our ethertype within timeout seconds (a negative
 * timeout waits forever) into buf, its sender's MAC into src. Returns the
 * payload length, 0 on timeout, -1 with errno set on failure. */
long net_link_recv(struct net_link *link, void *buf, size_t len, unsigned char *src,
		   double timeout);

/* Formats a MAC as xx:xx:xx:xx:xx:xx into text[NET_MAC_TEXT]. */
const char *net_mac_format(const unsigned char *mac, char *text);

#endif
