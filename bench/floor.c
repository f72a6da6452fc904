/* The floor for `make bench`: the least a program can do to import a CA into each
 * database with NSS: NSS_Initialize, PK11_ImportCert, CERT_ChangeCertTrust,
 * NSS_Shutdown, one database after the other. No read-back, no checks, no report.
 * Usage: floor CERT.der DIR... */
#include <stdio.h>
#include <stdlib.h>

#include <cert.h>
#include <certdb.h>
#include <nss.h>
#include <pk11pub.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor CERT.der DIR...\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    static unsigned char der[65536];
    size_t len = f ? fread(der, 1, sizeof der, f) : 0;
    if (f)
        fclose(f);
    if (!len)
        return 2;
    for (int i = 2; i < argc; i++) {
        char config[4096];
        snprintf(config, sizeof config, "sql:%s", argv[i]);
        if (NSS_Initialize(config, "", "", SECMOD_DB, NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT) !=
            SECSuccess)
            return 1;
        SECItem item = {siBuffer, der, (unsigned)len};
        CERTCertificate *cert =
            CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &item, NULL, PR_FALSE, PR_TRUE);
        PK11SlotInfo *slot = PK11_GetInternalKeySlot();
        CERTCertTrust trust = {CERTDB_VALID_CA, CERTDB_VALID_CA, 0};
        if (!cert || !slot ||
            PK11_ImportCert(slot, cert, CK_INVALID_HANDLE, "floor", PR_FALSE) != SECSuccess ||
            CERT_ChangeCertTrust(CERT_GetDefaultCertDB(), cert, &trust) != SECSuccess)
            return 1;
        CERT_DestroyCertificate(cert);
        PK11_FreeSlot(slot);
        if (NSS_Shutdown() != SECSuccess)
            return 1;
    }
    return 0;
}
