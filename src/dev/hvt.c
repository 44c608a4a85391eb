/*
 * hvt.c - the Solo5 hvt monitor's run-time half: what solo5-hvt does
 * for a unikernel once it runs (Solo5's tenders/hvt: hvt_core.c, the
 * block module, the KVM vCPU loop), on VMX with nothing beneath.
 *
 * A hypercall is a 32-bit OUT to port HVT_PORT_BASE + n whose value is
 * the guest-physical address of the call's struct (hvt_abi.h). Every
 * address and address + length the guest gives passes hvt_gpa(), the one
 * bound, before it is touched. The tender's fatal errors end the guest
 * here too, with its words on one line and exit 1: an IN, another width,
 * a port that is no hypercall, a call to a device not attached, a bad
 * pointer, an access EPT refuses.
 *
 * Halt: the status becomes the machine's exit code where it cannot be
 * taken for a verdict of the hypervisor's: 0-63 as for every guest, and
 * 255, Solo5's abort; any other status is VMM_EXIT_GUEST_CODE_RANGE,
 * with the status named.
 */
#include "hvt.h"

#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "exit_qual.h"
#include "hvt_abi.h"
#include "io.h"
#include "pmtimer.h"
#include "rtc.h"
#include "vcpu.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

/* The guest's exit code for an hvt error, as solo5-hvt's errx(1). */
#define HVT_EXIT_TENDER		1
#define NS_PER_S		1000000000ull

static struct {
	unsigned int nr_entries;
	struct {
		const struct hvt_attach *att;	/* NULL: not attached */
		struct hvt_backing back;
	} dev[HVT_MFT_MAX_ENTRIES];
	uint64_t tsc_hz;
} hvt;

static const char *const call_names[HVT_HC_MAX] = {
	[HVT_HC_WALLTIME] = "walltime",
	[HVT_HC_PUTS] = "puts",
	[HVT_HC_POLL] = "poll",
	[HVT_HC_BLOCK_WRITE] = "block write",
	[HVT_HC_BLOCK_READ] = "block read",
	[HVT_HC_NET_WRITE] = "net write",
	[HVT_HC_NET_READ] = "net read",
	[HVT_HC_HALT] = "halt",
};

/*
 * The bound on a guest address: [gpa, gpa + len) inside guest RAM, else
 * the guest ends naming the call and the value (solo5-hvt's
 * HVT_CHECKED_GPA_P; it also refuses a range that ends exactly at the
 * end of RAM, which is RAM and allowed here). Returns the host pointer.
 */
static void *hvt_gpa(struct vcpu *v, unsigned int nr, uint64_t gpa,
		     uint64_t len)
{
	void *p = NULL;

	if (gpa < v->guest_mem_size && len <= v->guest_mem_size - gpa)
		p = guest_ram_fault_in(v, gpa, len);
	if (!p) {
		uart_flush();
		printf("vmm: hvt: %s: invalid guest access: gpa=0x%lx, "
		       "sz=%lu\n", call_names[nr], gpa, len);
		vcpu_stop(v, HVT_EXIT_TENDER);
	}
	return p;
}

static void hc_walltime(struct vcpu *v, void *arg)
{
	struct hvt_hc_walltime *w = arg;

	(void)v;
	w->nsecs = rtc_host_ns(rdtsc());
}

static void hc_puts(struct vcpu *v, void *arg)
{
	struct hvt_hc_puts p;
	const uint8_t *s;

	memcpy(&p, arg, sizeof(p));
	s = hvt_gpa(v, HVT_HC_PUTS, p.data, p.len);
	if (s)
		uart_guest_write(s, p.len);
}

/* The TSC a relative timeout in ns ends at, never wrapping. */
static uint64_t deadline_after(uint64_t now, uint64_t ns)
{
	unsigned __int128 ticks = (unsigned __int128)ns * hvt.tsc_hz;

	ticks = (ticks + NS_PER_S - 1) / NS_PER_S;	/* never early */
	if (ticks > UINT64_MAX - now)
		return UINT64_MAX;
	return now + (uint64_t)ticks;
}

/*
 * Poll: a net device whose peer has a frame waiting is ready (block
 * devices are not polled, as under solo5-hvt). With none ready the guest
 * sleeps in the HLT activity state until its deadline (the peer sends
 * only in answer to the guest, so no frame can come meanwhile);
 * intr.c's hvt_sleep_entry wakes it there. Without the HLT activity
 * state, the host waits for it instead.
 */
static void hc_poll(struct vcpu *v, void *arg)
{
	struct hvt_hc_poll *p = arg;
	uint64_t wake = deadline_after(rdtsc(), p->timeout_nsecs);
	unsigned int i;

	p->ready_set = 0;
	p->ret = 0;
	for (i = 0; i < hvt.nr_entries; i++)
		if (hvt.dev[i].back.peer && hvt_peer_ready(hvt.dev[i].back.peer)) {
			p->ready_set |= 1ull << i;
			p->ret++;
		}
	/* Nothing to wait for: no HLT, whose VMCS write would also cost
	 * the next entry a run of the early checks (some 7700 ticks). */
	if (p->ret || !p->timeout_nsecs)
		return;
	if (!(v->caps->misc & VMX_MISC_ACTIVITY_HLT)) {
		while (rdtsc() < wake)
			__asm__ volatile("pause");
		return;
	}
	v->hvt_wake = wake;
	v->lapic.hvt_sleep = 1;
	v->entry_work = 1;
	vmcs_write32(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_HLT);
}

static int block_dev(uint64_t handle, int32_t *ret)
{
	if (handle >= hvt.nr_entries || !hvt.dev[handle].att ||
	    hvt.dev[handle].att->type != HVT_MFT_BLOCK_BASIC) {
		*ret = HVT_R_EINVAL;
		return -1;
	}
	return 0;
}

/* Block I/O: the tender's rules, offset and offset + len inside the
 * capacity; the guest's bindings ask for whole blocks themselves. */
static void hc_block(struct vcpu *v, void *arg, unsigned int nr)
{
	struct hvt_hc_block *b = arg;
	const struct hvt_attach *att;
	uint8_t *buf;

	if (block_dev(b->handle, &b->ret))
		return;
	att = hvt.dev[b->handle].att;
	if (b->offset >= att->capacity || b->len > att->capacity - b->offset) {
		b->ret = HVT_R_EINVAL;
		return;
	}
	buf = hvt_gpa(v, nr, b->data, b->len);
	if (!buf)
		return;
	if (nr == HVT_HC_BLOCK_WRITE)
		memcpy(hvt.dev[b->handle].back.data + b->offset, buf, b->len);
	else
		memcpy(buf, hvt.dev[b->handle].back.data + b->offset, b->len);
	b->ret = HVT_R_OK;
}

static void hc_block_write(struct vcpu *v, void *arg)
{
	hc_block(v, arg, HVT_HC_BLOCK_WRITE);
}

static void hc_block_read(struct vcpu *v, void *arg)
{
	hc_block(v, arg, HVT_HC_BLOCK_READ);
}

static struct hvt_peer *net_dev(uint64_t handle)
{
	if (handle >= hvt.nr_entries || !hvt.dev[handle].att ||
	    hvt.dev[handle].att->type != HVT_MFT_NET_BASIC)
		return NULL;
	return hvt.dev[handle].back.peer;
}

static void hc_net_write(struct vcpu *v, void *arg)
{
	struct hvt_hc_net *w = arg;
	struct hvt_peer *n = net_dev(w->handle);
	const uint8_t *f;

	w->ret = HVT_R_EINVAL;
	if (!n)
		return;
	f = hvt_gpa(v, HVT_HC_NET_WRITE, w->data, w->len);
	if (f && !hvt_peer_write(n, f, w->len))
		w->ret = HVT_R_OK;
}

static void hc_net_read(struct vcpu *v, void *arg)
{
	struct hvt_hc_net *r = arg;
	struct hvt_peer *n = net_dev(r->handle);
	uint8_t *buf;

	r->ret = HVT_R_EINVAL;
	if (!n)
		return;
	r->ret = HVT_R_AGAIN;
	if (!hvt_peer_ready(n))
		return;
	buf = hvt_gpa(v, HVT_HC_NET_READ, r->data, r->len);
	if (!buf)
		return;
	r->len = hvt_peer_read(n, buf, r->len);
	r->ret = HVT_R_OK;
}

static void peers_report(void)
{
	unsigned int i;

	for (i = 0; i < hvt.nr_entries; i++)
		if (hvt.dev[i].back.peer)
			hvt_peer_report(hvt.dev[i].back.peer,
					hvt.dev[i].att->name);
}

/* The machine's exit code for a halt status (the file's comment). */
static int halt_code(int32_t status)
{
	if ((status >= 0 && status <= VMM_EXIT_GUEST_MAX) ||
	    status == HVT_EXIT_ABORT)
		return status;
	uart_flush();
	printf("vmm: hvt: halt status %d is outside 0..%d and %d\n", status,
	       VMM_EXIT_GUEST_MAX, HVT_EXIT_ABORT);
	return VMM_EXIT_GUEST_CODE_RANGE;
}

static void hc_halt(struct vcpu *v, void *arg)
{
	struct hvt_hc_halt h;
	const struct hvt_trap_regs *t;

	memcpy(&h, arg, sizeof(h));
	if (h.cookie) {
		t = hvt_gpa(v, HVT_HC_HALT, h.cookie, HVT_HALT_COOKIE_MAX);
		if (!t)
			return;
		if (h.exit_status == HVT_EXIT_ABORT) {
			uart_flush();
			printf("vmm: hvt: trap frame at 0x%lx: rip=0x%lx "
			       "rsp=0x%lx rflags=0x%lx cr2=0x%lx ec=0x%lx "
			       "cs=0x%lx ss=0x%lx\n", h.cookie, t->rip,
			       t->rsp, t->rflags, t->cr2, t->ec, t->cs, t->ss);
		}
	}
	uart_flush();
	peers_report();
	vcpu_stop(v, halt_code(h.exit_status));
}

/* The size of each call's struct, and its handler; NULL: no such call,
 * or (block, net) no such device attached, as solo5-hvt registers a
 * module's calls only when it has a device. */
static struct {
	uint64_t size;
	void (*fn)(struct vcpu *v, void *arg);
} calls[HVT_HC_MAX] = {
	[HVT_HC_WALLTIME] = { sizeof(struct hvt_hc_walltime), hc_walltime },
	[HVT_HC_PUTS] = { sizeof(struct hvt_hc_puts), hc_puts },
	[HVT_HC_POLL] = { sizeof(struct hvt_hc_poll), hc_poll },
	[HVT_HC_HALT] = { sizeof(struct hvt_hc_halt), hc_halt },
};

uint32_t hvt_io(struct vcpu *v, int in, uint16_t port, unsigned int size,
		uint32_t val)
{
	unsigned int nr = (uint16_t)(port - HVT_PORT_BASE);
	void *arg;

	if (in || size != 4) {
		uart_flush();
		printf("vmm: hvt: invalid guest port access: port=0x%x (%s of "
		       "%u bytes; hypercalls are 32-bit OUTs)\n", port,
		       in ? "an IN" : "an OUT", size);
		vcpu_stop(v, HVT_EXIT_TENDER);
		return 0xffffffffu;
	}
	if (nr >= HVT_HC_MAX || !calls[nr].fn) {
		uart_flush();
		printf("vmm: hvt: invalid guest hypercall: port=0x%x (num=%d%s)"
		       "\n", port, (int)(port - HVT_PORT_BASE),
		       nr < HVT_HC_MAX && nr ? ", no device attached" : "");
		vcpu_stop(v, HVT_EXIT_TENDER);
		return 0;
	}
	arg = hvt_gpa(v, nr, val, calls[nr].size);
	if (arg)
		calls[nr].fn(v, arg);
	return 0;
}

void hvt_translation_fault(struct vcpu *v, uint64_t gpa)
{
	uint64_t q = v->exit_qual;

	uart_flush();
	printf("vmm: hvt: host/guest translation fault: gpa=0x%lx rip=0x%lx "
	       "(a %s of a page that allows%s%s%s)\n", gpa,
	       vmcs_readl(VMCS_GUEST_RIP),
	       q & EPT_VIOL_FETCH ? "fetch" : q & EPT_VIOL_WRITE ? "write" :
	       "read", q & EPT_VIOL_READABLE ? " read" : "",
	       q & EPT_VIOL_WRITABLE ? " write" : "",
	       q & EPT_VIOL_EXECUTABLE ? " execute" : " no execute");
	vcpu_stop(v, HVT_EXIT_TENDER);
}

/*
 * The segments' rights in EPT (issue 15): text execute-only where the
 * CPU has EPT execute-only (IA32_VMX_EPT_VPID_CAP bit 0, SDM vol. 3,
 * 29.3.2), else read/execute; rodata read-only; data read/write, no
 * execute; every other page of RAM read/write, no execute. A writable
 * and executable segment never loads (src/loader/hvt.c).
 */
static uint8_t seg_rights(const struct vcpu *v, unsigned int r)
{
	if (r & HVT_PROT_X)
		return (v->caps->ept_vpid & EPT_CAP_EXEC_ONLY) ?
		       EPT_X : EPT_R | EPT_X;
	return (r & HVT_PROT_W) ? EPT_R | EPT_W : EPT_R;
}

void hvt_start(struct vcpu *v, const struct hvt_attach *att,
	       const struct hvt_backing *b, unsigned int n,
	       const int8_t *attach, unsigned int nr_entries,
	       const struct hvt_segment *seg, unsigned int nseg)
{
	struct ram_range r[RAM_RANGES_MAX];
	unsigned int i;
	int blocks = 0, nets = 0;

	v->hvt = 1;
	hvt.tsc_hz = pmtimer_host_tsc_hz();
	hvt.nr_entries = nr_entries;
	for (i = 0; i < hvt.nr_entries; i++) {
		int a = attach[i];

		if (a < 0 || (unsigned int)a >= n)
			continue;
		hvt.dev[i].att = &att[a];
		hvt.dev[i].back = b[a];
		blocks |= att[a].type == HVT_MFT_BLOCK_BASIC;
		if (att[a].type == HVT_MFT_NET_BASIC) {
			nets = 1;
			hvt_peer_init(b[a].peer, att[a].mac, i, att[a].mtu,
				      b[a].ping_count);
		}
	}
	if (blocks) {
		calls[HVT_HC_BLOCK_WRITE].size = sizeof(struct hvt_hc_block);
		calls[HVT_HC_BLOCK_WRITE].fn = hc_block_write;
		calls[HVT_HC_BLOCK_READ].size = sizeof(struct hvt_hc_block);
		calls[HVT_HC_BLOCK_READ].fn = hc_block_read;
	}
	if (nets) {
		calls[HVT_HC_NET_WRITE].size = sizeof(struct hvt_hc_net);
		calls[HVT_HC_NET_WRITE].fn = hc_net_write;
		calls[HVT_HC_NET_READ].size = sizeof(struct hvt_hc_net);
		calls[HVT_HC_NET_READ].fn = hc_net_read;
	}
	for (i = 0; i < nseg; i++) {
		r[i].start = seg[i].start;
		r[i].end = seg[i].end;
		r[i].rights = seg_rights(v, seg[i].rights);
	}
	guest_ram_set_rights(v, r, nseg, EPT_R | EPT_W);
	io_hvt_only();
}
