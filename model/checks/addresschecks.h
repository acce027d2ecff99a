#pragma once

#include "designchecks.h"

namespace portolan {

class Document;

// The design's addresses as a firewall will see them: two hosts with one address (an error:
// rules for one open ports on the other), a host or client subnet outside the subnets of its
// own zone, and zones whose subnets overlap (warnings: the rule sets match by address).
QList<DesignIssue> checkAddresses(const Document& document);

} // namespace portolan
