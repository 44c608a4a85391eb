# rooms.mk - the rooms of the source tree, one folder each
# (docs/architecture.md), lowest first: a room may include only the rooms
# before it, so no two rooms include each other, directly or in a circle.
# This list is the include path of the hypervisor and of the unit tests;
# scripts/include-graph.py checks every #include against its order.
ROOMS	:= include include/arch src/arch src/boot src/lib src/vcpu \
	src/policy src/dev src/emul src/loader src/vmx/checks src/nested src/vmx \
	src/vmx/checks/selftest src
