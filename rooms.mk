# rooms.mk - the rooms of the source tree, one folder each
# (docs/architecture.md), and so the include path of the hypervisor and of
# the unit tests. scripts/include-graph.py reads this list to check that
# no two rooms include each other in a circle.
ROOMS	:= include include/arch src src/arch src/lib src/boot src/vcpu \
	src/policy src/dev src/emul src/loader src/vmx src/vmx/checks \
	src/vmx/checks/selftest
