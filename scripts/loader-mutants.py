#!/usr/bin/env python3
"""Break one check of the image loaders at a time (src/loader) and show
which unit tests (tests/unit/test_loader*.c, test_hvt.c, test_bzimage.c)
go red, or with --fuzz which fuzzer (tests/fuzz, 2*10^6 inputs from seed 1) finds it; a mutant nothing
catches is listed as SURVIVED and the script exits 1. The sources are
restored after each mutant, but while it runs the tree is broken: run it
in a copy, not beside a build. Not part of make test (minutes)."""
import os
import subprocess
import sys

# (file, text, replacement): each text must occur exactly once.
MUTANTS = [
    ("elf_load.c", "if (ph->filesz > ph->memsz)", "if (0)"),
    ("elf_load.c", "if (ph->offset > size || ph->filesz > size - ph->offset)",
     "if (0)"),
    ("elf_load.c", "if (ph->memsz > UINT64_MAX - ph->paddr)", "if (0)"),
    ("elf_load.c", "if (phentsize != want_phent)", "if (0)"),
    ("elf_load.c", "if (phnum == 0 || phnum > ELF_MAX_PHNUM)",
     "if (phnum > 1000)"),
    ("elf_load.c", "if (phoff > size || (uint64_t)phnum * phentsize > size - phoff)",
     "if (0)"),
    ("elf_load.c", "if (machine != (is64 ? EM_X86_64 : EM_386))", "if (0)"),
    ("elf_load.c", "if (rd16(d + 16) != ET_EXEC)", "if (0)"),
    ("elf_load.c", "if (cls != ELFCLASS32 && cls != ELFCLASS64)", "if (0)"),
    ("elf_load.c", "if (d[5] != ELFDATA2LSB)", "if (0)"),
    ("elf_load.c", "if (d[6] != EV_CURRENT || rd32(d + 20) != EV_CURRENT)",
     "if (0)"),
    ("elf_load.c", "if (size < (is64 ? ELF64_EHDR_SIZE : ELF32_EHDR_SIZE))",
     "if (0)"),
    ("elf_load.c", "if (p->nseg == LOAD_MAX_SEGS)", "if (p->nseg == 99)"),
    ("elf_load.c", "if (p->nseg == 0)", "if (0)"),
    ("elf_load.c", "return entry - s->vaddr + s->paddr;", "return entry;"),
    ("load.c", "if (s->paddr < LOAD_MIN_ADDR)", "if (0)"),
    ("load.c", "if (overlaps(s->paddr, s->memsz, PC_LOW_RAM_END,", "if (0 && overlaps(s->paddr, s->memsz, PC_LOW_RAM_END,"),
    ("load.c", "if (end > p->limit)", "if (0)"),
    ("load.c", "if (overlaps(s->paddr, s->memsz, p->seg[j].paddr,", "if (0 && overlaps(s->paddr, s->memsz, p->seg[j].paddr,"),
    ("load.c", "p->entry - s->paddr < s->filesz)", "p->entry - s->paddr < s->memsz)"),
    ("load.c", "if (!entry_ok)", "if (0 && !entry_ok)"),
    ("load.c", "if (len > p->limit - *cur || load_page_up(len) > p->limit - *cur)",
     "if (0)"),
    ("load.c", "a += load_page_up(p->img->modules[j].size);",
     "a += p->img->modules[j].size;"),
    ("load.c", "load_write_zero(p, s->paddr + s->filesz,", "load_write_zero(p, s->paddr + s->memsz,"),
    ("load.c", "if (load_addr > header_addr)", "if (0)"),
    ("load.c", "if (header_addr - load_addr > hdr_off)", "if (0)"),
    ("load.c", "if (load_end_addr < load_addr)", "if (0)"),
    ("load.c", "if (filesz > size - off)", "if (0)"),
    ("load.c", "if (bss_end_addr && bss_end_addr < end)", "if (0)"),
    ("load.c", "p->limit == LOAD_4G ? \"4 GiB\" : \"guest RAM\"", "\"guest RAM\""),
    ("multiboot1.c", "o += MB1_ALIGN", "o += 2"),
    ("multiboot1.c", "return size < MB1_SEARCH ? size : MB1_SEARCH;",
     "return size;"),
    ("multiboot1.c", "rd32(d + o + 8)) == 0) {", "rd32(d + o + 8)) || 1) {"),
    ("multiboot1.c", "if (unknown)", "if (0)"),
    ("multiboot1.c", "MB1_F_VIDEO_MODE;\n", "0;\n"),
    ("multiboot1.c", "if (off + MB1_HEADER_AOUT > search_end(p->img->size))",
     "if (0)"),
    ("multiboot1.c", "emit_u32(e, MB1_MMAP_ENTRY - 4);", "emit_u32(e, MB1_MMAP_ENTRY);"),
    ("multiboot1.c", "MB1_I_MMAP | MB1_I_LOADER_NAME);", "MB1_I_LOADER_NAME);"),
    ("multiboot1.c", "\t      load_mem_kib(p->m->ram, PC_HIGH_RAM_BASE));",
     "\t      load_mem_kib(p->m->ram, 0));"),
    ("multiboot1.c", "ms += strlen(load_mod_string(p, i)) + 1;", "ms += 1;"),
    ("multiboot1.c", "\tif (load_place(p, dry.off))\n\t\treturn -1;\n\tif (load_write_image(p))\n\t\treturn -1;",
     "\tif (load_write_image(p))\n\t\treturn -1;\n\tif (load_place(p, dry.off))\n\t\treturn -1;"),
    ("multiboot2.c", "o += MB2_ALIGN", "o += 4"),
    ("multiboot2.c", "return size < MB2_SEARCH ? size : MB2_SEARCH;",
     "return size;"),
    ("multiboot2.c", "rd32(d + o + 12)) == 0) {", "rd32(d + o + 12)) || 1) {"),
    ("multiboot2.c", "if (arch != MB2_ARCH_I386)", "if (0)"),
    ("multiboot2.c", "if (len < MB2_HEADER_FIXED + 8 || len > end - off)",
     "if (len < MB2_HEADER_FIXED + 8)"),
    ("multiboot2.c", "if (size < 8)", "if (0)"),
    ("multiboot2.c", "if (size > len - pos)", "if (0)"),
    ("multiboot2.c", "if (!optional && !mbi2_provides(p, want))",
     "if (optional < 0 && !mbi2_provides(p, want))"),
    ("multiboot2.c", "if (!optional && (rd32(t + 8) & MB2_CONSOLE_REQUIRED))",
     "if (0)"),
    ("multiboot2.c", "\t\tif (optional)\n\t\t\treturn 0;\n\t\treturn load_fail(p, \"Multiboot2 header requires EFI",
     "\t\tif (1)\n\t\t\treturn 0;\n\t\treturn load_fail(p, \"Multiboot2 header requires EFI"),
    ("multiboot2.c", "\tif (optional)\n\t\treturn 0;\n\treturn load_fail(p, \"Multiboot2 header tag %u is unknown",
     "\tif (1)\n\t\treturn 0;\n\treturn load_fail(p, \"Multiboot2 header tag %u is unknown"),
    ("multiboot2.c", "if (tag_size(p, type, size, 24))\n\t\t\treturn -1;\n\t\th->have_addr",
     "if (tag_size(p, type, size, 8))\n\t\t\treturn -1;\n\t\th->have_addr"),
    ("multiboot2.c", "if (!h.have_entry)", "if (0)"),
    ("multiboot2.c", "if (h.header_addr < off)", "if (0)"),
    ("multiboot2.c", "h.load_addr = h.header_addr - (uint32_t)off;", "h.load_addr = h.header_addr;"),
    ("multiboot2.c", "p->entry = h.entry_addr;", "(void)0;"),
    ("multiboot2.c", "return tag_size(p, type, size, 24);", "return 0;"),
    ("mbinfo2.c", "return rsdp_revision(p->m) >= 2;", "return rsdp_revision(p->m) >= 0;"),
    ("mbinfo2.c", "if (rev >= 2) {", "if (rev >= 0) {"),
    ("mbinfo2.c", "emit_u32(e, load_mem_kib(p->m->ram, PC_HIGH_RAM_BASE));", "emit_u32(e, 0);"),
    ("mbinfo2.c", "emit_u32(e, (uint32_t)(a + p->img->modules[i].size));", "emit_u32(e, (uint32_t)a);"),
    ("elf64.c", "if (p->seg[i].vaddr != p->seg[i].paddr)", "if (0)"),
    ("elf64.c", "PTE_P | PTE_W | PTE_PS;", "PTE_P | PTE_W;"),
    ("elf64.c", "for (i = 0; i < PD_PAGES * PD_ENTRIES; i += 64) {",
     "for (i = 0; i < 3 * PD_ENTRIES; i += 64) {"),
    ("elf64.c", "0, DESC_CODE64, DESC_DATA, DESC_CODE32,",
     "0, DESC_CODE32, DESC_DATA, DESC_CODE32,"),
    ("image.c", "\tif (mb1_find(d, size, &off1, &bad1))\n\t\treturn mb1_load(p, off1, e);\n\tif (mb2_find(d, size, &off2, &bad2))\n\t\treturn mb2_load(p, off2, e);",
     "\tif (mb2_find(d, size, &off2, &bad2))\n\t\treturn mb2_load(p, off2, e);\n\tif (mb1_find(d, size, &off1, &bad1))\n\t\treturn mb1_load(p, off1, e);"),
    ("image.c", "if (bad1 != UINT64_MAX)", "if (0)"),
    ("image.c", "if (cls != ELFCLASS64)", "if (0)"),
    ("image.c", "if (p->img->nr_modules)", "if (0)"),
    ("image.c", "if (size > GUEST_FLAT_LIMIT - GUEST_LOAD_ADDR)", "if (0)"),
    ("image.c", "if (GUEST_LOAD_ADDR + size > p->m->ram)", "if (0)"),
    ("image.c", "if (m->ram < PC_HIGH_RAM_BASE)", "if (0)"),
    ("image.c", "if (!img->data || img->size == 0)", "if (0)"),
    ("image.c", "if (img->flat_declared)", "if (0)"),
    ("hvt.c", 'if (ptype == PT_NOTE && filesz < NHDR_SIZE)', 'if (0)'),
    ("hvt.c", 'if (n < 1 || n > max)', 'if (n < 1)'),
    ("hvt.c", 'if (filesz - HVT_NOTE_HDR_SIZE < n ||', 'if (0 &&'),
    ("hvt.c", 'if (n != HVT_ABI1_DESC_SIZE)', 'if (0)'),
    ("hvt.c", 'if (target != HVT_ABI_TARGET_HVT || version != HVT_ABI_VERSION)', 'if (target != HVT_ABI_TARGET_HVT)'),
    ("hvt.c", 'if (target != HVT_ABI_TARGET_HVT || version != HVT_ABI_VERSION)', 'if (version != HVT_ABI_VERSION)'),
    ("hvt.c", 'if (rd32(m) != HVT_MFT_VERSION)', 'if (0)'),
    ("hvt.c", 'if (entries < 1 || entries > HVT_MFT_MAX_ENTRIES)', 'if (entries < 1)'),
    ("hvt.c", 'if (n != 8 + entries * MFT_E_SIZE)', 'if (0)'),
    ("hvt.c", "if (memchr(e, '\\0', HVT_MFT_NAME_SIZE) == NULL)", "if (0)"),
    ("hvt.c", 'if (e[MFT_E_ATTACHED])', 'if (0)'),
    ("hvt.c", 'if (i == 0 ? type != HVT_MFT_RESERVED_FIRST || e[0] :', 'if (i == 0 ? 0 :'),
    ("hvt.c", 'if (i && !e[0])', 'if (0)'),
    ("hvt.c", 'if (!strcmp(mft_name(m, i), mft_name(m, j)))', 'if (0)'),
    ("hvt.c", 'if (s->filesz == 0)', 'if (s->memsz == 0)'),
    ("hvt.c", 'if (s->vaddr != s->paddr)', 'if (0)'),
    ("hvt.c", 'if (s->vaddr < last)', 'if (0)'),
    ("hvt.c", 'if (!load_power_of_two(a))', 'if (!a)'),
    ("hvt.c", 'if (start < HVT_GUEST_MIN_BASE)', 'if (0)'),
    ("hvt.c", 'if (start < top)', 'if (0)'),
    ("hvt.c", '((stop + a - 1) & ~(a - 1)) > mem)', '0)'),
    ("hvt.c", 'if ((start | stop) & (LOAD_PAGE - 1))', 'if (0)'),
    ("hvt.c", 'if ((s->flags & (PF_W | PF_X)) == (PF_W | PF_X))', 'if (0)'),
    ("hvt.c", 'if (i == entries)', 'if (0)'),
    ("hvt.c", 'if (type != a[j].type)', 'if (0)'),
    ("hvt.c", '(!a[j].block_size || a[j].capacity % a[j].block_size))', '0)'),
    ("hvt.c", 'if (e->hvt.attach[i] < 0)', 'if (0)'),
    ("hvt.c", 'if (rd16(d + E_EHSIZE_OFF) != ELF64_EHDR_SIZE)', 'if (0)'),
    ("hvt.c", 'if (!p->m->tsc_hz)', 'if (0)'),
    ("hvt.c", 'if (entry < HVT_GUEST_MIN_BASE || entry >= mem)', 'if (entry >= mem)'),
    ("hvt.c", 'if (entry < HVT_GUEST_MIN_BASE || entry >= mem)', 'if (entry < HVT_GUEST_MIN_BASE)'),
    ("hvt.c", 'if (strlen(args) >= HVT_CMDLINE_SIZE)', 'if (0)'),
    ("hvt.c", '(HVT_GUEST_MIN_BASE - HVT_LOW_ABSENT) / LOAD_PAGE,\n\t\t\t  0, LOAD_PAGE, PTE_P)', '(HVT_GUEST_MIN_BASE - HVT_LOW_ABSENT) / LOAD_PAGE,\n\t\t\t  0, LOAD_PAGE, PTE_P | PTE_W)'),
    ("load.c", "\twhile (*c && *c != ' ')\n\t\tc++;", ''),
    ("image.c", '\tif (hvt_find(d, size))\n\t\treturn hvt_load(p, e);', ''),
    ("bzimage.c", 'if (pref >= PC_HIGH_RAM_BASE && pref <= p->limit &&', 'if (0 &&'),
    ("bzimage.c", 'if (!d[BZ_RELOCATABLE])', 'if (0)'),
    ("bzimage.c", 'if (!load_power_of_two(align))', 'if (!align)'),
    ("bzimage.c", 'if (*at > p->limit || init_size > p->limit - *at)', 'if (0)'),
    ("bzimage.c", 'if (size > top || ((top - size) & ~(LOAD_PAGE - 1)) < kernel_end)', 'if (size > top)'),
    ("bzimage.c", 'if (version < BZ_PROTOCOL_MIN)', 'if (0)'),
    ("bzimage.c", 'if (!(rd16(d + BZ_XLOADFLAGS) & XLF_KERNEL_64))', 'if (0)'),
    ("bzimage.c", 'if (!(d[BZ_LOADFLAGS] & LOADED_HIGH))', 'if (0)'),
    ("bzimage.c", 'if (d[BZ_JUMP] != 0xeb || hdr_end < BZ_HEADER_MIN_END)', 'if (0)'),
    ("bzimage.c", 'if (setup >= size)', 'if (setup > size)'),
    ("bzimage.c", 'if (init_size < ksize)', 'if (0)'),
    ("bzimage.c", 'if (p->img->nr_modules > 1)', 'if (0)'),
    ("bzimage.c", 'if (!p->img->modules[0].size)', 'if (0)'),
    ("bzimage.c", 'if (strlen(args) > cmdline_max)', 'if (0)'),
    ("bzimage.c", '\tp->entry = kernel + BZ_ENTRY_64;', '\tp->entry = kernel;'),
    ("bzimage.c", '\t0, 0, DESC_CODE64, DESC_DATA,', '\t0, DESC_CODE64, DESC_DATA, 0,'),
]

FUZZ_MUTANTS = [
    ("elf_load.c", "if (ph->offset > size || ph->filesz > size - ph->offset)",
     "if (0)"),
    ("elf_load.c", "if (phoff > size || (uint64_t)phnum * phentsize > size - phoff)",
     "if (0)"),
    ("load.c", "if (overlaps(s->paddr, s->memsz, PC_LOW_RAM_END,", "if (0 && overlaps(s->paddr, s->memsz, PC_LOW_RAM_END,"),
    ("load.c", "if (filesz > size - off)", "if (0)"),
]

O = "build/mutants"


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def unit_failures():
    r = run(["make", "--no-print-directory", "-B", "-f", "tests/unit/Makefile",
             "O=" + O, O + "/test_loader", O + "/test_loader_mb2", O + "/test_hvt",
             O + "/test_bzimage"])
    if r.returncode:
        return ["(does not build)"]
    red = []
    for t in ("test_loader", "test_loader_mb2", "test_hvt", "test_bzimage"):
        r = run([O + "/" + t], env=dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP"))
        red += [l.split(" - ", 1)[1] for l in r.stdout.splitlines()
                if l.startswith("not ok ") and " - " in l]
        if r.returncode and not red:
            red.append(t + " exit %d" % r.returncode)
    return red


def fuzz_failure():
    r = run(["make", "--no-print-directory", "-B", "-f", "tests/fuzz/Makefile",
             "O=" + O + "/fuzz", "fuzz-run", "FUZZ_RUNS=2000000",
             "FUZZ_SEED=1"])
    if r.returncode == 0:
        return None
    why, runs = r.stdout.strip().splitlines()[-1], "?"
    for l in r.stdout.splitlines():
        if "SUMMARY:" in l or "ERROR: libFuzzer" in l:
            why = l.strip()
        if l.startswith("stat::number_of_executed_units:"):
            runs = l.split()[-1]
    return "%s after %s inputs" % (why.split(" (")[0], runs)


def mutate(path, old, new, judge):
    src = open(path).read()
    if src.count(old) != 1:
        return "BAD MUTANT: text occurs %d times" % src.count(old)
    try:
        open(path, "w").write(src.replace(old, new))
        return judge()
    finally:
        open(path, "w").write(src)


def main():
    survived = 0
    for f, old, new in ([] if "--fuzz" in sys.argv else MUTANTS):
        red = mutate("src/loader/" + f, old, new, unit_failures)
        first = old.strip().splitlines()[0][:60]
        if isinstance(red, str) or not red:
            survived += 1
            print("SURVIVED %s: %s  (%s)" % (f, first, red or "no test red"))
        else:
            print("killed   %s: %s  by %s" % (f, first, ", ".join(red)))
    if "--fuzz" in sys.argv:
        for f, old, new in FUZZ_MUTANTS:
            why = mutate("src/loader/" + f, old, new, fuzz_failure)
            first = old.strip()[:60]
            if why:
                print("fuzz killed   %s: %s  by %s" % (f, first, why))
            else:
                survived += 1
                print("fuzz SURVIVED %s: %s" % (f, first))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
