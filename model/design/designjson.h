#pragma once

// The reader's view of a parsed design file (simdjson's DOM behind the few QJsonValue-like calls
// the reader makes), the JSON path of a value, the reader's error and its id table. Only
// designreader.cpp includes it: it is the reader's, split out so that each file keeps to one job.
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portolan::DesignFile::reading {

using namespace Qt::StringLiterals;

// The parsed file, read through simdjson: it parses a 64 MB design in a tenth of
// the time QJsonDocument takes and keeps it in one flat buffer instead of a tree
// of containers. These wrappers give it the few QJsonValue calls the reader uses.
class JsonObject;
class JsonArray;

class JsonValue
{
public:
    JsonValue() = default; // undefined: the member is not there
    explicit JsonValue(simdjson::dom::element e) : m_element(e) {}

    bool isUndefined() const { return !m_element; }
    bool isNull() const { return m_element && m_element->is_null(); }
    bool isString() const { return m_element && m_element->is_string(); }
    bool isDouble() const { return m_element && m_element->is_number(); }
    bool isBool() const { return m_element && m_element->is_bool(); }
    bool isArray() const { return m_element && m_element->is_array(); }
    bool isObject() const { return m_element && m_element->is_object(); }
    QString toString() const
    {
        std::string_view text;
        if (!m_element || m_element->get_string().get(text) != simdjson::SUCCESS)
            return {};
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    // The string's UTF-8 bytes where the parser keeps them; false when not a string.
    bool utf8(std::string_view& text) const
    {
        return m_element && m_element->get_string().get(text) == simdjson::SUCCESS;
    }
    double toDouble() const
    {
        double d = 0;
        if (m_element && m_element->get_double().get(d) != simdjson::SUCCESS)
            return 0;
        return d;
    }
    int toInt() const { return int(toDouble()); }
    inline JsonObject toObject() const;
    inline JsonArray toArray() const;
    // The value as Qt's JSON type, for the design rules shared with the editor.
    // Only scalars are read this way; an array or object keeps its type, not its content.
    QJsonValue toQt() const
    {
        if (isBool())
            return QJsonValue(m_element->get_bool().value_unsafe());
        if (isDouble())
            return QJsonValue(toDouble());
        if (isString())
            return QJsonValue(toString());
        if (isArray())
            return QJsonValue(QJsonArray());
        if (isObject())
            return QJsonValue(QJsonObject());
        return isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined);
    }

private:
    std::optional<simdjson::dom::element> m_element;
};

class JsonObject
{
public:
    JsonObject() = default;
    explicit JsonObject(simdjson::dom::object o) : m_object(o) {}

    // Member names in this format are short ASCII words. The members of an object
    // are walked once and kept, for the dozen look-ups its reader makes; the first
    // of two members with one name wins, as simdjson's at_key() has it.
    JsonValue value(const char16_t* key) const
    {
        if (!m_object)
            return {};
        gather();
        if (m_count > kKept) {
            char name[32];
            size_t length = 0;
            for (; key[length] && length < sizeof name; ++length)
                name[length] = char(key[length]);
            simdjson::dom::element e;
            if (m_object->at_key(std::string_view(name, length)).get(e) != simdjson::SUCCESS)
                return {};
            return JsonValue(e);
        }
        for (size_t i = 0; i < m_count; ++i) {
            const std::string_view name = m_names[i];
            size_t c = 0;
            while (c < name.size() && key[c] && key[c] == char16_t(static_cast<unsigned char>(name[c])))
                ++c;
            if (c == name.size() && !key[c])
                return JsonValue(m_values[i]);
        }
        return {};
    }
    // Each member: its name (UTF-8) and value.
    template <typename F> void forEachMember(F&& f) const
    {
        if (!m_object)
            return;
        gather();
        if (m_count > kKept) {
            for (const simdjson::dom::key_value_pair member : *m_object)
                f(member.key, JsonValue(member.value));
            return;
        }
        for (size_t i = 0; i < m_count; ++i)
            f(m_names[i], JsonValue(m_values[i]));
    }

private:
    static constexpr size_t kKept = 16;
    void gather() const
    {
        if (m_gathered)
            return;
        m_gathered = true;
        for (const simdjson::dom::key_value_pair member : *m_object) {
            if (m_count < kKept) {
                m_names[m_count] = member.key;
                m_values[m_count] = member.value;
            }
            ++m_count; // past kKept, look-ups go back to the parser's own
        }
    }

    std::optional<simdjson::dom::object> m_object;
    mutable bool m_gathered = false;
    mutable size_t m_count = 0;
    mutable std::array<std::string_view, kKept> m_names{};
    mutable std::array<simdjson::dom::element, kKept> m_values{};
};

class JsonArray
{
public:
    JsonArray() = default;
    explicit JsonArray(simdjson::dom::array a) : m_array(a) {}

    qsizetype size() const { return m_array ? qsizetype(m_array->size()) : 0; }
    // In order, with the index: simdjson arrays are walked, not indexed.
    template <typename F> void forEachItem(F&& f) const
    {
        qsizetype i = 0;
        if (m_array)
            for (const simdjson::dom::element e : *m_array)
                f(i++, JsonValue(e));
    }

private:
    std::optional<simdjson::dom::array> m_array;
};

JsonObject JsonValue::toObject() const
{
    simdjson::dom::object o;
    return m_element && m_element->get_object().get(o) == simdjson::SUCCESS ? JsonObject(o) : JsonObject();
}

JsonArray JsonValue::toArray() const
{
    simdjson::dom::array a;
    return m_element && m_element->get_array().get(a) == simdjson::SUCCESS ? JsonArray(a) : JsonArray();
}

inline bool sameName(std::string_view utf8, QStringView name)
{
    if (size_t(name.size()) != utf8.size())
        return false;
    for (size_t i = 0; i < utf8.size(); ++i)
        if (name[qsizetype(i)].unicode() != char16_t(static_cast<unsigned char>(utf8[i])))
            return false;
    return true;
}

// Thrown with the JSON path and the reason; load() adds the file name.
struct DesignError
{
    QString place;
    QString what;
};

// Where a value sits in the file ("$.servers[12].name"), spelled out only for a
// message: building the text for each of a million objects cost more than reading them.
struct Path
{
    const char16_t* array = nullptr; // "servers"; none for the top level
    qsizetype index = -1;
    const char16_t* field = nullptr; // "frame", "subnets"

    Path with(const char16_t* f) const { return {array, index, f}; }
    QString str() const
    {
        QString s = array ? u"$.%1[%2]"_s.arg(QStringView(array)).arg(index) : u"$"_s;
        if (field)
            s.append(u'.').append(QStringView(field));
        return s;
    }
};

// Every id of the file, interned once: the table holds the id's UTF-8 bytes where
// the parser keeps them (alive as long as the reader) and looks them up without
// making a QString. The ids and values sit in one dense array in file order; the
// open-addressed index over them holds 8 bytes a slot, and both are sized up front.
// A node-based table of a million QString ids cost an allocation, a UTF-16 hash
// and a cache miss per id, and as much again to free it.
template <typename T> class IdTable
{
public:
    void reserve(qsizetype count)
    {
        m_entries.reserve(size_t(count));
        size_t capacity = 16;
        while (capacity < size_t(count) * 2)
            capacity *= 2;
        if (capacity > m_slots.size())
            rehash(capacity);
    }
    // The value filed under the id, or nullptr; valid until the next insert.
    T* find(std::string_view id)
    {
        if (m_slots.empty())
            return nullptr;
        const size_t hash = std::hash<std::string_view>{}(id);
        for (size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const quint64 slot = m_slots[i];
            if (slot == 0)
                return nullptr;
            Entry& e = m_entries[size_t(slot & 0xffffffffu) - 1];
            if (quint32(slot >> 32) == quint32(hash >> 32) && e.id == id)
                return &e.value;
        }
    }
    // Files the value unless the id is there; returns the filed value and whether it was added.
    std::pair<T*, bool> insert(std::string_view id, T value)
    {
        if ((m_entries.size() + 1) * 2 > m_slots.size())
            rehash(std::max<size_t>(16, m_slots.size() * 2));
        const size_t hash = std::hash<std::string_view>{}(id);
        for (size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const quint64 slot = m_slots[i];
            if (slot == 0) {
                m_entries.push_back(Entry{id, std::move(value)});
                m_slots[i] = quint64(quint32(hash >> 32)) << 32 | quint64(m_entries.size());
                return {&m_entries.back().value, true};
            }
            Entry& e = m_entries[size_t(slot & 0xffffffffu) - 1];
            if (quint32(slot >> 32) == quint32(hash >> 32) && e.id == id)
                return {&e.value, false};
        }
    }

private:
    struct Entry
    {
        std::string_view id;
        T value;
    };
    void rehash(size_t capacity)
    {
        m_slots.assign(capacity, 0);
        m_mask = capacity - 1;
        for (size_t n = 0; n < m_entries.size(); ++n) {
            const size_t hash = std::hash<std::string_view>{}(m_entries[n].id);
            size_t i = hash & m_mask;
            while (m_slots[i] != 0)
                i = (i + 1) & m_mask;
            m_slots[i] = quint64(quint32(hash >> 32)) << 32 | quint64(n + 1);
        }
    }
    std::vector<Entry> m_entries;
    std::vector<quint64> m_slots; // high half: the hash's high bits; low half: entry + 1; 0 when free
    size_t m_mask = 0;
};

struct Pending
{
    Path path;
    qsizetype index;         // of the site or link in its list
    std::string_view target; // the id as the parser keeps it
    QString targetText() const { return QString::fromUtf8(target.data(), qsizetype(target.size())); }
};

} // namespace portolan::DesignFile::reading
