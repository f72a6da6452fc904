/* Freeing diagnosis data (filled by the NSS layer, nss/chain.c). */
#include "cert/diagnosis.h"

#include <stdlib.h>
#include <string.h>

void ff_diagnosis_free(struct ff_diagnosis *d)
{
    for (size_t i = 0; i < d->n_users; i++) {
        struct ff_user_cert *u = &d->users[i];
        free(u->subject);
        free(u->issuer);
        free(u->nickname);
        free(u->usages);
        for (size_t j = 0; j < u->n_links; j++) {
            free(u->links[j].subject);
            free(u->links[j].key_id);
        }
        free(u->links);
    }
    for (size_t i = 0; i < d->n_cas; i++) {
        free(d->cas[i].subject);
        free(d->cas[i].nickname);
    }
    free(d->users);
    free(d->cas);
    memset(d, 0, sizeof *d);
}
