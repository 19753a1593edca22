/*
 * devices.c: finding the devices at boot, the one place that knows which
 * buses a board may have.  Which driver takes a device is decided by the
 * buses' driver tables (pci.h, virtio.h), not here.
 *
 * The disk self-test runs here, once the disk is known and before the
 * store opens it, when the kernel word `disk_selftest` is given.
 *
 * Interface: kern_devices_init (kernel.h).
 */
#include "kernel.h"
#include "pci.h"
#include "virtio.h"

/* see kernel.h */
void
kern_devices_init(void)
{
	/*
	 * Without PCI the virtio devices are MMIO.  Probing their fixed
	 * addresses only then keeps us off whatever BAR the firmware may
	 * have put there on a PCI machine.
	 */
	if (pci_scan() == 0)
		virtio_mmio_scan();
	if (!kern_net_present())
		kprintf("devices: no network device\n");
	if (!kern_blk_present())
		kprintf("devices: no data disk\n");
	else if (kern_cmdline_word("disk_selftest"))
		(void)kern_blk_selftest();	/* it logs PASS or FAIL */
}
