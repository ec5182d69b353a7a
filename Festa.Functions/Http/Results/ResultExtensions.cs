using System.Text.Json.Serialization.Metadata;
using Festa.Core.Common;
using Microsoft.AspNetCore.Http;

namespace Festa.Functions.Http.Results;

/// <summary>The one place where use-case results become HTTP responses.</summary>
public static class ResultExtensions
{
    public static ApiResult ToOk<T>(this Result<T> result, HttpRequest request, JsonTypeInfo<T> typeInfo) =>
        result.IsSuccess ? ApiResult.Json(StatusCodes.Status200OK, result.Value, typeInfo) : Problems.From(result.Error!, request);

    public static ApiResult ToCreated<T>(this Result<T> result, HttpRequest request, Func<T, string> location, JsonTypeInfo<T> typeInfo) =>
        result.IsSuccess
            ? ApiResult.Json(StatusCodes.Status201Created, result.Value, typeInfo).WithHeader("Location", location(result.Value))
            : Problems.From(result.Error!, request);

    public static ApiResult ToNoContent(this Result result, HttpRequest request) =>
        result.IsSuccess ? ApiResult.Empty(StatusCodes.Status204NoContent) : Problems.From(result.Error!, request);

    public static ApiResult ToProblem(this Error error, HttpRequest request) => Problems.From(error, request);
}
