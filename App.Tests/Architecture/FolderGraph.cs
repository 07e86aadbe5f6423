using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Which top-level folders of App use which, read from the compiled assembly (namespace = folder): every type named in
/// a signature, a field, a local, an attribute or an instruction of a method body counts, lambdas and async state
/// machines included (they are nested in the type that wrote them).
/// </summary>
public static class FolderGraph
{
    public const string Root = "Dashboard";

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(string assemblyPath) =>
        Edges(assemblyPath).GroupBy(e => e.From).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.To).ToHashSet());

    /// <summary>Each use of another folder, with the type that uses it and the type it names (for a readable failure).</summary>
    public static IEnumerable<(string From, string To, string User, string Used)> Edges(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(Outermost(type).Namespace);
            if (from is null) continue;
            foreach (var used in Referenced(type).Where(t => t is not null).Distinct())
                if (FolderOf(Outermost(used).Namespace) is { } to && to != from)
                    yield return (from, to, Outermost(type).FullName, used.FullName);
        }
    }

    /// <summary>The widgets any page may use: a folder of its own in the picture, below every feature.</summary>
    public const string SharedWidgets = "Components.Shared";

    /// <summary>"Dashboard.Components.Layout" → "Components"; null outside the app's namespaces.</summary>
    public static string? FolderOf(string ns)
    {
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var rest = ns[(Root.Length + 1)..];
        if (rest == SharedWidgets || rest.StartsWith(SharedWidgets + ".", StringComparison.Ordinal)) return SharedWidgets;
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null: return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments) Add(a);
                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter: return;
                default: found.Add(t); return;
            }
        }
        void Attributes(ICustomAttributeProvider p)
        {
            foreach (var a in p.CustomAttributes) Add(a.AttributeType);
        }
        void Method(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) Add(a);
        }

        Add(type.BaseType);
        Attributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var f in type.Fields) { Add(f.FieldType); Attributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); Attributes(p); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            Method(m);
            Attributes(m);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var instruction in m.Body.Instructions)
                switch (instruction.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference mr: Method(mr); break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                }
        }
        return found;
    }
}
