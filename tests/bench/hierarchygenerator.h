#pragma once

#include <memory>

namespace portolan {

class Document;

// Builds realistic hierarchies for benchmarks: a CAS with primaries, each
// with secondaries; site systems on each; client groups assigned to the
// primaries and bounded to a secondary's systems.
struct HierarchySize
{
    int primaries = 1;
    int secondariesPerPrimary = 0;
    int distributionPointsPerSecondary = 0;
    int groupsPerSecondary = 0;
    int groupsPerPrimary = 0;
};

inline constexpr HierarchySize kSmall{1, 0, 0, 0, 200};
inline constexpr HierarchySize kMedium{5, 10, 4, 20, 100};
// CAS, 25 primaries, 250 secondaries, about 3,000 servers and 10,000 client groups.
inline constexpr HierarchySize kLarge{25, 10, 10, 38, 20};

std::unique_ptr<Document> generateHierarchy(const HierarchySize& size);

// The benchmarks' sizes by index: 0 small, 1 medium, 2 large.
inline const HierarchySize& generatedSize(int index)
{
    static const HierarchySize sizes[] = {kSmall, kMedium, kLarge};
    return sizes[index];
}

} // namespace portolan
