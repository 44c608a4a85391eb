/*
 * hvt_net.c - the host side of an hvt network device: a peer built into
 * the hypervisor that plays what a test on the tap interface would do
 * (Solo5's tests.bats: `ping -f -c N` at the unikernel). It has one
 * frame at a time for the guest: it answers ARP for its address and ICMP
 * echo requests, and with a ping count sends echo requests, one each
 * time the last was answered (ping -f's pacing without its 10 ms
 * timer: a guest that never answers gets no more), verifying each reply
 * (type, id, sequence, payload, IPv4 and ICMP checksums, RFC 791, 792,
 * 826, 1071). What it saw is printed when the guest ends.
 *
 * The peer is 10.0.0.1 at 02:00:00:00:ff:NN, the guest 10.0.0.2, as in
 * Solo5's own tests (tap100, 10.0.0.2).
 */
#include "hvt_net.h"

#include <stdio.h>
#include <string.h>

#define ETH_HDR		14
#define ETH_ARP		0x0806
#define ETH_IP		0x0800
#define ARP_LEN		28
#define IP_HDR		20
#define IP_ICMP		1
#define ICMP_HDR	8
#define ICMP_ECHO	8
#define ICMP_REPLY	0
#define PING_DATA	56		/* ping's default payload */
#define PING_ID		0x5151
#define PEER_IP		0x0a000001u
#define GUEST_IP	0x0a000002u

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

/* The Internet checksum (RFC 1071) of @len bytes. */
static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += get16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void eth(struct hvt_peer *n, uint16_t type)
{
	memcpy(n->rx, n->guest_mac, 6);
	memcpy(n->rx + 6, n->mac, 6);
	put16(n->rx + 12, type);
}

static void arp_reply(struct hvt_peer *n, const uint8_t *req)
{
	uint8_t *a = n->rx + ETH_HDR;

	eth(n, ETH_ARP);
	put16(a, 1);
	put16(a + 2, ETH_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 2);
	memcpy(a + 8, n->mac, 6);
	put32(a + 14, PEER_IP);
	memcpy(a + 18, req + 8, 10);		/* the asker's MAC and IP */
	n->rx_len = ETH_HDR + ARP_LEN;
	n->arp_answered++;
}

/* An IPv4 ICMP packet to the guest with @icmp_len bytes at @icmp. */
static void icmp_out(struct hvt_peer *n, unsigned int icmp_len)
{
	uint8_t *ip = n->rx + ETH_HDR, *ic = ip + IP_HDR;

	eth(n, ETH_IP);
	memset(ip, 0, IP_HDR);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_HDR + icmp_len));
	ip[8] = 64;
	ip[9] = IP_ICMP;
	put32(ip + 12, PEER_IP);
	put32(ip + 16, GUEST_IP);
	put16(ip + 10, csum(ip, IP_HDR));
	put16(ic + 2, 0);
	put16(ic + 2, csum(ic, icmp_len));
	n->rx_len = ETH_HDR + IP_HDR + icmp_len;
}

static void send_ping(struct hvt_peer *n)
{
	uint8_t *ic = n->rx + ETH_HDR + IP_HDR;
	unsigned int i;

	ic[0] = ICMP_ECHO;
	ic[1] = 0;
	put16(ic + 4, PING_ID);
	put16(ic + 6, (uint16_t)n->pings_sent);
	for (i = 0; i < PING_DATA; i++)
		ic[ICMP_HDR + i] = (uint8_t)(n->pings_sent + i);
	icmp_out(n, ICMP_HDR + PING_DATA);
	n->pings_sent++;
	n->awaiting = 1;
}

static void next_ping(struct hvt_peer *n)
{
	if (n->pings_sent < n->ping_count && !n->rx_len && !n->awaiting)
		send_ping(n);
}

void hvt_peer_init(struct hvt_peer *n, const uint8_t guest_mac[6],
		   unsigned int index, uint16_t mtu, uint32_t ping_count)
{
	static const uint8_t base[6] = { 0x02, 0, 0, 0, 0xff, 0 };

	memset(n, 0, sizeof(*n));
	memcpy(n->guest_mac, guest_mac, 6);
	memcpy(n->mac, base, 6);
	n->mac[5] = (uint8_t)index;
	n->mtu = mtu;
	n->ping_count = ping_count;
	next_ping(n);
}

/* A reply to our echo request: the one we wait for, intact. */
static void check_reply(struct hvt_peer *n, const uint8_t *ic, size_t len)
{
	uint16_t seq = (uint16_t)(n->pings_sent - 1);
	unsigned int i;

	n->replies++;
	if (!n->awaiting || len != ICMP_HDR + PING_DATA ||
	    get16(ic + 4) != PING_ID || get16(ic + 6) != seq ||
	    csum(ic, len)) {
		n->bad++;
		return;
	}
	for (i = 0; i < PING_DATA; i++)
		if (ic[ICMP_HDR + i] != (uint8_t)(seq + i)) {
			n->bad++;
			return;
		}
	n->verified++;
	n->awaiting = 0;
}

int hvt_peer_write(struct hvt_peer *n, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + ETH_HDR, *ic;
	size_t ip_len;

	if (len > ETH_HDR + (size_t)n->mtu)
		return -1;
	n->frames_in++;
	if (len >= ETH_HDR + ARP_LEN && get16(f + 12) == ETH_ARP &&
	    get16(ip + 6) == 1 && get32(ip + 24) == PEER_IP) {
		if (!n->rx_len)
			arp_reply(n, ip);
		return 0;
	}
	if (len < ETH_HDR + IP_HDR + ICMP_HDR || get16(f + 12) != ETH_IP ||
	    (ip[0] != 0x45) || ip[9] != IP_ICMP || get32(ip + 16) != PEER_IP)
		return 0;			/* not for us: dropped */
	ip_len = get16(ip + 2);
	if (ip_len < IP_HDR + ICMP_HDR || ip_len > len - ETH_HDR ||
	    csum(ip, IP_HDR)) {
		n->bad++;
		return 0;
	}
	ic = ip + IP_HDR;
	if (ic[0] == ICMP_REPLY) {
		check_reply(n, ic, ip_len - IP_HDR);
	} else if (ic[0] == ICMP_ECHO && !n->rx_len &&
		   ip_len - IP_HDR <= sizeof(n->rx) - ETH_HDR - IP_HDR) {
		memcpy(n->rx + ETH_HDR + IP_HDR, ic, ip_len - IP_HDR);
		n->rx[ETH_HDR + IP_HDR] = ICMP_REPLY;
		icmp_out(n, (unsigned int)(ip_len - IP_HDR));
		n->echoes_answered++;
	}
	next_ping(n);
	return 0;
}

size_t hvt_peer_read(struct hvt_peer *n, uint8_t *buf, size_t len)
{
	size_t got = n->rx_len < len ? n->rx_len : len;

	memcpy(buf, n->rx, got);
	n->rx_len = 0;
	n->frames_out++;
	next_ping(n);
	return got;
}

void hvt_peer_report(const struct hvt_peer *n, const char *name)
{
	printf("vmm: hvt: net %s: %u echo requests sent, %u replies, %u "
	       "verified, %u bad; %u ARP and %u echo requests answered\n",
	       name, n->pings_sent, n->replies, n->verified, n->bad,
	       n->arp_answered, n->echoes_answered);
}
