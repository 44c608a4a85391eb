/*
 * net.c - hvt_net: Solo5's test_net. Declares "service0" and "service1"
 * and answers ARP requests and ICMP echo requests for 10.0.0.2 on
 * service0 (the MAC the monitor put in the manifest), polling for a
 * frame, reading it and replying with NET_WRITE, until it has answered
 * N echo requests, N from the command line word "limit=N" (100 if none).
 * Wire formats: Ethernet II, ARP (RFC 826), IPv4 (RFC 791), ICMP echo
 * (RFC 792), all big-endian.
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(2, HVT_MFT_NET("service0"), HVT_MFT_NET("service1"));

#define DEFAULT_LIMIT	100
#define FRAME_MAX	2048
#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_ARP	0x0806
#define ARP_HTYPE_ETH	1
#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2
#define IP_ALEN		4
#define IP_VERSION4	4
#define IP_IHL_MIN	5
#define IP_VERSION_SHIFT 4		/* vhl: version 7:4, IHL 3:0 */
#define IP_IHL_MASK	0xf
#define IP_IHL_UNIT	4		/* IHL counts 32-bit words */
#define IPPROTO_ICMP	1
#define ICMP_ECHOREPLY	0
#define ICMP_ECHO	8
#define POLL_NS		NSEC_PER_SEC
#define LIMIT_WORD	"limit="

struct eth_hdr {
	uint8_t dst[ETH_ALEN], src[ETH_ALEN];
	uint16_t type;
} __attribute__((packed));

struct arp_pkt {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint8_t sha[ETH_ALEN], spa[IP_ALEN], tha[ETH_ALEN], tpa[IP_ALEN];
} __attribute__((packed));

struct ip_hdr {
	uint8_t vhl, tos;
	uint16_t len, id, frag;
	uint8_t ttl, proto;
	uint16_t sum;
	uint8_t src[IP_ALEN], dst[IP_ALEN];
} __attribute__((packed));

struct icmp_hdr {
	uint8_t type, code;
	uint16_t sum;
} __attribute__((packed));

static const uint8_t our_ip[IP_ALEN] = { 10, 0, 0, 2 };
static uint8_t our_mac[ETH_ALEN];
static uint8_t frame[FRAME_MAX] __attribute__((aligned(8)));

static uint16_t be16(uint16_t v)
{
	return __builtin_bswap16(v);
}

/* The Internet checksum (RFC 1071) of n bytes. */
static uint16_t csum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t s = 0;

	for (; n > 1; n -= 2, b += 2)
		s += (uint32_t)b[0] << 8 | b[1];
	if (n)
		s += (uint32_t)b[0] << 8;
	while (s >> 16)			/* fold the carries */
		s = (s & 0xffff) + (s >> 16);
	return be16((uint16_t)~s);
}

static void eth_reply(struct eth_hdr *eth)
{
	memcpy(eth->dst, eth->src, ETH_ALEN);
	memcpy(eth->src, our_mac, ETH_ALEN);
}

/* Turns an ARP request for our_ip into its reply; 0 if not one. */
static size_t arp(struct eth_hdr *eth, size_t len)
{
	struct arp_pkt *a = (void *)(eth + 1);

	if (len < ETH_HLEN + sizeof(*a) || be16(a->htype) != ARP_HTYPE_ETH ||
	    be16(a->ptype) != ETHERTYPE_IP || a->hlen != ETH_ALEN ||
	    a->plen != IP_ALEN || be16(a->op) != ARP_OP_REQUEST ||
	    memcmp(a->tpa, our_ip, IP_ALEN))
		return 0;
	a->op = be16(ARP_OP_REPLY);
	memcpy(a->tha, a->sha, ETH_ALEN);
	memcpy(a->tpa, a->spa, IP_ALEN);
	memcpy(a->sha, our_mac, ETH_ALEN);
	memcpy(a->spa, our_ip, IP_ALEN);
	eth_reply(eth);
	return ETH_HLEN + sizeof(*a);
}

/* Turns an ICMP echo request to our_ip into its reply; 0 if not one. */
static size_t icmp(struct eth_hdr *eth, size_t len)
{
	struct ip_hdr *ip = (void *)(eth + 1);
	struct icmp_hdr *ic;
	size_t ihl, tot;

	if (len < ETH_HLEN + sizeof(*ip) || ip->vhl >> IP_VERSION_SHIFT != IP_VERSION4)
		return 0;
	ihl = (size_t)(ip->vhl & IP_IHL_MASK) * IP_IHL_UNIT;
	tot = be16(ip->len);
	if (ihl < IP_IHL_MIN * IP_IHL_UNIT || tot < ihl + sizeof(*ic) ||
	    ETH_HLEN + tot > len || ip->proto != IPPROTO_ICMP ||
	    memcmp(ip->dst, our_ip, IP_ALEN))
		return 0;
	ic = (void *)((uint8_t *)ip + ihl);
	if (ic->type != ICMP_ECHO)
		return 0;
	ic->type = ICMP_ECHOREPLY;
	ic->sum = 0;
	ic->sum = csum(ic, tot - ihl);
	memcpy(ip->dst, ip->src, IP_ALEN);
	memcpy(ip->src, our_ip, IP_ALEN);
	ip->sum = 0;
	ip->sum = csum(ip, ihl);
	eth_reply(eth);
	return ETH_HLEN + tot;
}

static uint64_t parse_limit(const char *s)
{
	while (*s) {
		if (!strncmp(s, LIMIT_WORD, sizeof(LIMIT_WORD) - 1))
			return hvt_atou(s + sizeof(LIMIT_WORD) - 1);
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return DEFAULT_LIMIT;
}

static const struct hvt_mft_entry *acquire(const char *name, uint64_t *h)
{
	const struct hvt_mft_entry *e = hvt_mft_find(name, HVT_MFT_NET_BASIC, h);

	if (!e || !e->attached) {
		hvt_printf("FAILURE: %s: not in the manifest or not "
			   "attached\n", name);
		return NULL;
	}
	return e;
}

int hvt_main(const char *cmdline)
{
	uint64_t limit = parse_limit(cmdline), answered = 0, h, h1, ready, n;
	struct eth_hdr *eth = (void *)frame;
	const struct hvt_mft_entry *e;
	size_t out;
	int ret;

	e = acquire("service0", &h);
	if (!e || !acquire("service1", &h1))
		return HVT_EXIT_FAILURE;
	memcpy(our_mac, e->u.net.mac, ETH_ALEN);
	if ((uint64_t)e->u.net.mtu + ETH_HLEN > sizeof(frame)) {
		hvt_printf("FAILURE: mtu %u too big\n", e->u.net.mtu);
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("Serving ping on 10.0.0.2, with MAC: "
		   "%02x:%02x:%02x:%02x:%02x:%02x, limit %lu\n", our_mac[0], our_mac[1],
		   our_mac[2], our_mac[3], our_mac[4], our_mac[5], limit);
	while (answered < limit) {
		hvt_yield(hvt_monotonic_ns() + POLL_NS, &ready);
		if (!(ready & (1ull << h)))
			continue;
		while (answered < limit) {
			ret = hvt_net_read(h, frame, sizeof(frame), &n);
			if (ret == HVT_R_AGAIN)
				break;
			if (ret != HVT_R_OK || n > sizeof(frame)) {
				hvt_printf("FAILURE: net_read: %d len %lu\n",
					   ret, n);
				return HVT_EXIT_FAILURE;
			}
			if (n < ETH_HLEN)
				continue;
			out = 0;
			if (be16(eth->type) == ETHERTYPE_ARP)
				out = arp(eth, n);
			else if (be16(eth->type) == ETHERTYPE_IP &&
				 (out = icmp(eth, n)))
				answered++;
			if (out && hvt_net_write(h, frame, out) != HVT_R_OK) {
				hvt_printf("FAILURE: net_write\n");
				return HVT_EXIT_FAILURE;
			}
		}
	}
	hvt_printf("answered %lu echo requests\n", answered);
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
