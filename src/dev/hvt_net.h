/*
 * hvt_net.h - the built-in network peer behind an hvt net device
 * (hvt_net.c).
 */
#ifndef DEV_HVT_NET_H
#define DEV_HVT_NET_H

#include <stddef.h>
#include <stdint.h>

#define HVT_PEER_FRAME_MAX	1514	/* Ethernet header + 1500 */

struct hvt_peer {
	uint8_t mac[6], guest_mac[6];
	uint16_t mtu;
	uint32_t ping_count;		/* echo requests to send */
	uint8_t rx[HVT_PEER_FRAME_MAX];	/* the frame for the guest */
	size_t rx_len;			/* 0: none */
	int awaiting;			/* our last request unanswered */
	unsigned int pings_sent, replies, verified, bad;
	unsigned int arp_answered, echoes_answered, frames_in, frames_out;
};

void hvt_peer_init(struct hvt_peer *n, const uint8_t guest_mac[6],
		   unsigned int index, uint16_t mtu, uint32_t ping_count);
/* A frame from the guest; -1 when it is longer than the MTU allows. */
int hvt_peer_write(struct hvt_peer *n, const uint8_t *f, size_t len);
/* The waiting frame into @buf (cut at @len); its length, 0 for none. */
size_t hvt_peer_read(struct hvt_peer *n, uint8_t *buf, size_t len);
static inline int hvt_peer_ready(const struct hvt_peer *n)
{
	return n->rx_len != 0;
}
void hvt_peer_report(const struct hvt_peer *n, const char *name);

#endif
