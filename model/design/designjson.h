#pragma once

// The reader's view of a design file (each object read by simdjson's on-demand parser into a
// small reused table, behind the few QJsonValue-like calls the reader makes), the JSON path of
// a value, the reader's errors, its id table and the ids' own storage. Only
// designreader.cpp includes it: it is the reader's, split out so that each file keeps to one job.
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portolan::DesignFile::reading {

using namespace Qt::StringLiterals;

// A JSON syntax error simdjson found while reading; the reader turns it into
// the same message as a file that does not parse at all.
struct SyntaxError
{
    simdjson::error_code code;
};

inline void ok(simdjson::error_code e)
{
    if (e != simdjson::SUCCESS)
        throw SyntaxError{e};
}

// Containers nested this deep (the top level's object counting one, an empty one not) are
// refused as not valid JSON, as simdjson's whole-document parser refuses them.
inline constexpr int kMaxDepth = 1024;

// One object of the file (a server, a site, the top level's scalars) as simdjson's
// on-demand parser reads it: every member and item in file order, read once into a
// flat table that is cleared and reused for the next object, so that the checks can
// look its members up by name and in the order they always did. Strings stay where
// the parser unescaped them (valid until the document is rewound); nothing is copied.
// A member whose value the reader does not need (an unknown field, the second of two
// members with one name) is still read through, which is what checks its JSON.
class Captured
{
public:
    enum class Kind : quint8
    {
        Undefined,
        Null,
        String,
        Number,
        Bool,
        Array,
        Object
    };
    struct Item
    {
        Kind kind = Kind::Undefined;
        bool boolean = false;
        quint32 next = 0;      // the next member or item of the same container, + 1; 0 when last
        quint32 first = 0;     // the first member or item, + 1; 0 when none kept
        quint32 count = 0;     // members or items
        std::string_view key;  // a member's name, unescaped
        std::string_view text; // a string's value, unescaped
        double number = 0;
    };

    void clear() { m_items.clear(); }
    const Item& at(quint32 i) const { return m_items[i]; }
    // A placeholder for a value read later from the file (the top level's arrays).
    quint32 addUnread(std::string_view key, Kind kind, quint32 count)
    {
        const quint32 self = add(key);
        m_items[self].kind = kind;
        m_items[self].count = count;
        return self;
    }
    // Reads the value through; keeps its members and items when keep is true, else only its kind.
    quint32 capture(simdjson::ondemand::value v, std::string_view key, int depth, bool keep)
    {
        const quint32 self = add(key);
        simdjson::ondemand::json_type type;
        ok(v.type().get(type));
        switch (type) {
        case simdjson::ondemand::json_type::object: {
            simdjson::ondemand::object o;
            ok(v.get_object().get(o));
            m_items[self].kind = Kind::Object;
            quint32 last = 0, count = 0;
            for (auto member : o) {
                simdjson::ondemand::field field;
                ok(std::move(member).get(field));
                tooDeep(depth, count);
                std::string_view name;
                ok(field.unescaped_key().get(name));
                const quint32 child = capture(field.value(), name, depth + 1, keep);
                link(self, last, child, keep);
                last = child + 1;
                ++count;
            }
            m_items[self].count = count;
            break;
        }
        case simdjson::ondemand::json_type::array: {
            simdjson::ondemand::array a;
            ok(v.get_array().get(a));
            m_items[self].kind = Kind::Array;
            quint32 last = 0, count = 0;
            for (auto element : a) {
                simdjson::ondemand::value item;
                ok(std::move(element).get(item));
                tooDeep(depth, count);
                const quint32 child = capture(item, {}, depth + 1, keep);
                link(self, last, child, keep);
                last = child + 1;
                ++count;
            }
            m_items[self].count = count;
            break;
        }
        case simdjson::ondemand::json_type::string:
            m_items[self].kind = Kind::String;
            ok(v.get_string().get(m_items[self].text));
            break;
        case simdjson::ondemand::json_type::number: {
            // As a whole-document parse reads it: an integer past 64 bits is refused.
            simdjson::ondemand::number number;
            ok(v.get_number().get(number));
            m_items[self].kind = Kind::Number;
            m_items[self].number = number.as_double();
            break;
        }
        case simdjson::ondemand::json_type::boolean:
            m_items[self].kind = Kind::Bool;
            ok(v.get_bool().get(m_items[self].boolean));
            break;
        case simdjson::ondemand::json_type::null: {
            bool null = false;
            ok(v.is_null().get(null));
            if (!null)
                throw SyntaxError{simdjson::N_ATOM_ERROR};
            m_items[self].kind = Kind::Null;
            break;
        }
        }
        return self;
    }

    // Files the child under its parent; a child not kept is dropped with all it read.
    void link(quint32 parent, quint32 last, quint32 child, bool keep)
    {
        if (!keep) {
            m_items.resize(child);
            return;
        }
        if (last)
            m_items[last - 1].next = child + 1;
        else
            m_items[parent].first = child + 1;
    }

private:
    // depth: the containers around this one. As simdjson's whole-document parser counts
    // them, an empty container adds no level.
    static void tooDeep(int depth, quint32 count)
    {
        if (count == 0 && depth + 1 >= kMaxDepth)
            throw SyntaxError{simdjson::DEPTH_ERROR};
    }
    quint32 add(std::string_view key)
    {
        m_items.emplace_back();
        m_items.back().key = key;
        return quint32(m_items.size() - 1);
    }
    std::vector<Item> m_items;
};

// The few QJsonValue-like calls the reader makes, on a captured value.
class JsonObject;
class JsonArray;

class JsonValue
{
public:
    JsonValue() = default; // undefined: the member is not there
    JsonValue(const Captured* table, quint32 index) : m_table(table), m_index(index) {}

    bool isUndefined() const { return kind() == Captured::Kind::Undefined; }
    bool isNull() const { return kind() == Captured::Kind::Null; }
    bool isString() const { return kind() == Captured::Kind::String; }
    bool isDouble() const { return kind() == Captured::Kind::Number; }
    bool isBool() const { return kind() == Captured::Kind::Bool; }
    bool isArray() const { return kind() == Captured::Kind::Array; }
    bool isObject() const { return kind() == Captured::Kind::Object; }
    QString toString() const
    {
        if (!isString())
            return {};
        const std::string_view text = item().text;
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    // The string's UTF-8 bytes where the parser keeps them; false when not a string.
    bool utf8(std::string_view& text) const
    {
        if (!isString())
            return false;
        text = item().text;
        return true;
    }
    double toDouble() const { return isDouble() ? item().number : 0; }
    inline JsonObject toObject() const;
    inline JsonArray toArray() const;
    // The value as Qt's JSON type, for the design rules shared with the editor.
    // Only scalars are read this way; an array or object keeps its type, not its content.
    QJsonValue toQt() const
    {
        if (isBool())
            return QJsonValue(item().boolean);
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
    friend class JsonObject;
    friend class JsonArray;
    const Captured::Item& item() const { return m_table->at(m_index); }
    Captured::Kind kind() const { return m_table ? item().kind : Captured::Kind::Undefined; }

    const Captured* m_table = nullptr;
    quint32 m_index = 0;
};

inline bool sameName(std::string_view utf8, QStringView name);

class JsonObject
{
public:
    JsonObject() = default;
    explicit JsonObject(const JsonValue& v) : m_value(v) {}

    // Member names in this format are short ASCII words; the first of two
    // members with one name wins.
    JsonValue value(const char16_t* key) const
    {
        if (!m_value.isObject())
            return {};
        const Captured* table = m_value.m_table;
        const QStringView name(key);
        for (quint32 i = m_value.item().first; i; i = table->at(i - 1).next)
            if (sameName(table->at(i - 1).key, name))
                return JsonValue(table, i - 1);
        return {};
    }
    // Each member in file order: its name (UTF-8) and value.
    template <typename F> void forEachMember(F&& f) const
    {
        if (!m_value.isObject())
            return;
        const Captured* table = m_value.m_table;
        for (quint32 i = m_value.item().first; i; i = table->at(i - 1).next)
            f(table->at(i - 1).key, JsonValue(table, i - 1));
    }

private:
    JsonValue m_value;
};

class JsonArray
{
public:
    JsonArray() = default;
    explicit JsonArray(const JsonValue& v) : m_value(v) {}

    qsizetype size() const { return m_value.isArray() ? qsizetype(m_value.item().count) : 0; }
    // In order, with the index.
    template <typename F> void forEachItem(F&& f) const
    {
        if (!m_value.isArray())
            return;
        const Captured* table = m_value.m_table;
        qsizetype n = 0;
        for (quint32 i = m_value.item().first; i; i = table->at(i - 1).next)
            f(n++, JsonValue(table, i - 1));
    }

private:
    JsonValue m_value;
};

JsonObject JsonValue::toObject() const
{
    return isObject() ? JsonObject(*this) : JsonObject();
}

JsonArray JsonValue::toArray() const
{
    return isArray() ? JsonArray(*this) : JsonArray();
}

// The ids the reader keeps past the object they were read in: copied once into
// blocks that never move, since the parser's own copy goes when it rewinds.
class Strings
{
public:
    std::string_view keep(std::string_view s)
    {
        if (s.size() > kBlock / 4) {
            m_large.emplace_back(new char[s.size()]);
            std::memcpy(m_large.back().get(), s.data(), s.size());
            return {m_large.back().get(), s.size()};
        }
        if (m_used + s.size() > kBlock || m_blocks.empty()) {
            m_blocks.emplace_back(new char[kBlock]);
            m_used = 0;
        }
        char* at = m_blocks.back().get() + m_used;
        if (!s.empty())
            std::memcpy(at, s.data(), s.size());
        m_used += s.size();
        return {at, s.size()};
    }

private:
    static constexpr size_t kBlock = 1 << 20;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::vector<std::unique_ptr<char[]>> m_large;
    size_t m_used = 0;
};

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

// Every id of the file, interned once: the table holds the id's UTF-8 bytes (kept in
// Strings, alive as long as the reader) and looks them up without
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
    std::string_view target; // the id, kept in the reader's Strings
    QString targetText() const { return QString::fromUtf8(target.data(), qsizetype(target.size())); }
};

} // namespace portolan::DesignFile::reading
