/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The link layer under the net command: bringing an interface up, and one
 * AF_PACKET socket per command sending and receiving the frames of our
 * ethertype (see net_link.h). Errors are printed as "net: what: why".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init.h"
#include "net_link.h"

/* Room for every frame of a blast, so a receiver slower than its sender
 * drops none: a 1500-byte frame costs a few KiB of socket buffer. */
#define NET_RCVBUF     (16 * 1024 * 1024)
#define NET_SEND_RETRY 100 /* us to wait while the interface queue is full */
#define NET_SEND_GIVE  5.0 /* s of a full queue before giving up */

const unsigned char net_broadcast[NET_MAC_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

const char *net_mac_format(const unsigned char *mac, char *text)
{
	snprintf(text, NET_MAC_TEXT, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	return text;
}

/* One ioctl on the interface named in req; prints the failure. */
static int if_ioctl(int fd, unsigned long op, const char *opname, struct ifreq *req)
{
	if (ioctl(fd, op, req) == 0)
		return 0;
	printf("net: %s %s: %s\n", opname, req->ifr_name, strerror(errno));
	return -1;
}

static void if_request(struct ifreq *req, const char *ifname)
{
	memset(req, 0, sizeof(*req));
	snprintf(req->ifr_name, sizeof(req->ifr_name), "%s", ifname);
}

static int if_mac(int fd, const char *ifname, unsigned char *mac)
{
	struct ifreq req;

	if_request(&req, ifname);
	if (if_ioctl(fd, SIOCGIFHWADDR, "SIOCGIFHWADDR", &req) != 0)
		return -1;
	memcpy(mac, req.ifr_hwaddr.sa_data, NET_MAC_LEN);
	return 0;
}

int net_if_up(const char *ifname, unsigned char *mac)
{
	/* Any socket takes interface ioctls; a packet one needs no IP stack. */
	int fd = socket(AF_PACKET, SOCK_DGRAM, 0);
	struct ifreq req;
	int err;

	if (fd < 0) {
		printf("net: socket: %s\n", strerror(errno));
		return -1;
	}
	if_request(&req, ifname);
	err = if_ioctl(fd, SIOCGIFFLAGS, "SIOCGIFFLAGS", &req);
	if (!err && !(req.ifr_flags & IFF_UP)) {
		req.ifr_flags |= IFF_UP;
		err = if_ioctl(fd, SIOCSIFFLAGS, "SIOCSIFFLAGS", &req);
	}
	if (!err)
		err = if_mac(fd, ifname, mac);
	close(fd);
	return err;
}

int net_link_open(struct net_link *link, const char *ifname)
{
	struct sockaddr_ll addr = {.sll_family = AF_PACKET, .sll_protocol = htons(NET_ETHERTYPE)};
	int rcvbuf = NET_RCVBUF;
	struct ifreq req;

	link->ifname = ifname;
	link->fd = socket(AF_PACKET, SOCK_DGRAM, htons(NET_ETHERTYPE));
	if (link->fd < 0) {
		printf("net: socket: %s\n", strerror(errno));
		return -1;
	}
	if_request(&req, ifname);
	if (if_ioctl(link->fd, SIOCGIFINDEX, "SIOCGIFINDEX", &req) != 0 ||
	    if_mac(link->fd, ifname, link->mac) != 0)
		goto fail;
	link->ifindex = req.ifr_ifindex;
	addr.sll_ifindex = link->ifindex;
	if (bind(link->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		printf("net: bind to %s: %s\n", ifname, strerror(errno));
		goto fail;
	}
	/* Root may exceed rmem_max; a smaller buffer only risks drops. */
	setsockopt(link->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	return 0;
fail:
	close(link->fd);
	link->fd = -1;
	return -1;
}

void net_link_close(struct net_link *link)
{
	if (link->fd >= 0)
		close(link->fd);
	link->fd = -1;
}

int net_link_send(struct net_link *link, const unsigned char *dst, const void *buf, size_t len)
{
	struct sockaddr_ll addr = {
	    .sll_family = AF_PACKET,
	    .sll_protocol = htons(NET_ETHERTYPE),
	    .sll_ifindex = link->ifindex,
	    .sll_halen = NET_MAC_LEN,
	};
	double give_up = 0;

	memcpy(addr.sll_addr, dst, NET_MAC_LEN);
	for (;;) {
		if (sendto(link->fd, buf, len, 0, (struct sockaddr *)&addr, sizeof(addr)) >= 0)
			return 0;
		/* ENOBUFS: the queue in front of the device is full, and the
		 * frame was dropped rather than queued; send it again later. */
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
			return -1;
		if (give_up == 0)
			give_up = now_seconds() + NET_SEND_GIVE;
		else if (now_seconds() > give_up)
			return -1;
		usleep(NET_SEND_RETRY);
	}
}

/* Waits until the socket has a frame or the deadline passes; 1, 0 on
 * timeout, -1 on failure. A negative deadline waits forever. */
static int wait_readable(int fd, double deadline)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	for (;;) {
		int ms = -1;

		if (deadline >= 0) {
			double left = deadline - now_seconds();

			if (left <= 0)
				return 0;
			ms = (int)(left * 1000) + 1;
		}
		int n = poll(&p, 1, ms);

		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

long net_link_recv(struct net_link *link, void *buf, size_t len, unsigned char *src, double timeout)
{
	double deadline = timeout < 0 ? -1 : now_seconds() + timeout;

	for (;;) {
		struct sockaddr_ll from;
		socklen_t from_len = sizeof(from);
		int ready = wait_readable(link->fd, deadline);
		ssize_t n;

		if (ready <= 0)
			return ready;
		n = recvfrom(link->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&from, &from_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -1;
		/* Our own frames, should the device loop them back. */
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		memcpy(src, from.sll_addr, NET_MAC_LEN);
		return (long)n;
	}
}
