//! The unchecked exceptions the JDK throws while it applies name constraints: comparing
//! `GeneralName`s of forms it cannot compare (`UnsupportedOperationException`), the
//! `NullPointerException` / `StringIndexOutOfBoundsException` of its comparison code, and
//! `GeneralSubtrees`' "widest subtree", which it cannot build for most forms
//! (`RuntimeException` around the form's own `IOException`). `PKIXCertPathValidator` reports
//! each as the path's failure.
//!
//! The `WIDEST_*` texts repeat the name forms' messages of [`super::parsing`] inside the
//! `RuntimeException` that wraps them, as Java's `getMessage()` returns them.

pub(crate) const OTHER_NAME_NOT_COMPARABLE: &str = "Narrowing, widening, and matching are not supported for OtherName.";
pub(crate) const X400_ADDRESS_NOT_COMPARABLE: &str = "Narrowing, widening, and match are not supported for X400Address.";
pub(crate) const EDI_PARTY_NAME_NOT_COMPARABLE: &str = "Narrowing, widening, and matching of names not supported for EDIPartyName";
pub(crate) const OID_NAME_NOT_COMPARABLE: &str = "Narrowing and widening are not supported for OIDNames";
pub(crate) const STRING_INDEX_OUT_OF_RANGE_0: &str = "String index out of range: 0";
pub(crate) const URI_WITHOUT_HOST: &str = "Cannot invoke \"String.equalsIgnoreCase(String)\" because \"otherHost\" is null";
pub(crate) const WIDEST_OTHER_NAME: &str = "parameters may not be null";
pub(crate) const WIDEST_RFC822_NAME: &str = "Unexpected error: java.io.IOException: RFC822Name may not be null or empty";
pub(crate) const WIDEST_DNS_NAME: &str = "Unexpected error: java.io.IOException: DNSName must not be null or empty";
pub(crate) const WIDEST_URI_NAME: &str = "Unexpected error: java.io.IOException: URI name must include scheme:";
pub(crate) const WIDEST_IP_ADDRESS: &str = "Cannot read the array length because \"address\" is null";
pub(crate) const WIDEST_OID_NAME: &str = "Unexpected error: java.io.IOException: Unable to create OIDName: java.io.IOException: ObjectIdentifier() -- Invalid format: java.lang.NumberFormatException: For input string: \"\"";
pub(crate) const WIDEST_DIRECTORY_NAME: &str = "Unexpected error: empty X500Name";
pub(crate) const AVA_STRING_NULL: &str = "AVA string is null";
