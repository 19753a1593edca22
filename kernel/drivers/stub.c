/* stub.c: no devices yet; replaced by the PCI and virtio drivers. */
#include "err.h"
#include "kernel.h"

void kern_devices_init(void) {}
bool kern_net_present(void) { return false; }
void kern_net_mac(uint8_t mac[6]) { (void)mac; }
int kern_net_write(const void *b, size_t l) { (void)b; (void)l; return ERR_NODEV; }
int kern_net_read(void *b, size_t s, size_t *l) { (void)b; (void)s; (void)l; return ERR_NODEV; }
bool kern_net_pending(void) { return false; }
bool kern_blk_present(void) { return false; }
uint64_t kern_blk_sectors(void) { return 0; }
int kern_blk_read(uint64_t s, void *b, size_t n) { (void)s; (void)b; (void)n; return ERR_NODEV; }
int kern_blk_write(uint64_t s, const void *b, size_t n) { (void)s; (void)b; (void)n; return ERR_NODEV; }
int kern_blk_flush(void) { return ERR_NODEV; }
