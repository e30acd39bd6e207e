/* What the OID cases take as pki/oid.h: one identifier the code defines. */
#define OID_COMMON_NAME "2.5.4.3"
